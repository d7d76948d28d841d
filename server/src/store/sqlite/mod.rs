//! The embedded backend: one SQLite file in the data dir, one connection
//! behind a mutex (SQLite serialises writes anyway).

mod schema;

pub use schema::{open, DB_FILE, MIGRATIONS};

use rusqlite::types::{ToSqlOutput, ValueRef};

use super::value::{Result, Row, Value};

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(n) => ToSqlOutput::Borrowed(ValueRef::Integer(*n)),
            Value::Real(x) => ToSqlOutput::Borrowed(ValueRef::Real(*x)),
            Value::Text(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            Value::Blob(bytes) => ToSqlOutput::Borrowed(ValueRef::Blob(bytes)),
        })
    }
}

fn read_value(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(n) => Value::Int(n),
        ValueRef::Real(x) => Value::Real(x),
        ValueRef::Text(text) => Value::Text(String::from_utf8_lossy(text).into_owned()),
        ValueRef::Blob(bytes) => Value::Blob(bytes.to_vec()),
    }
}

pub fn execute(connection: &rusqlite::Connection, sql: &str, values: &[Value]) -> Result<usize> {
    let mut statement = connection.prepare_cached(sql)?;
    Ok(statement.execute(rusqlite::params_from_iter(values))?)
}

pub fn query(connection: &rusqlite::Connection, sql: &str, values: &[Value]) -> Result<Vec<Row>> {
    let mut statement = connection.prepare_cached(sql)?;
    let columns = statement.column_count();
    let mut rows = statement.query(rusqlite::params_from_iter(values))?;
    let mut read = Vec::new();
    while let Some(row) = rows.next()? {
        let values = (0..columns)
            .map(|column| row.get_ref(column).map(read_value))
            .collect::<rusqlite::Result<Vec<Value>>>()?;
        read.push(Row { values });
    }
    Ok(read)
}
