//! The utility directory: which electric utilities serve a zip, and name search.
//!
//! The data is NREL's "U.S. Electric Utility Companies and Rates: Look-up by
//! Zipcode", reduced by `scripts/derive_utilities.py` to two TSV files (see
//! `server/data/PROVENANCE.md`). They are compiled into the binary so the
//! server has no data files to deploy or lose.

use std::cmp::Reverse;
use std::fmt;

use protocol::zip::zip_number;
use protocol::Utility;

const UTILITIES_TSV: &str = include_str!("../data/utilities.tsv");
const ZIPS_TSV: &str = include_str!("../data/zips.tsv");

const CONSOLIDATED_EDISON: u32 = 4226;

/// Whether the utility's login form also asks for the account number.
///
/// Arcadia's documentation says Con Edison logins use the account number; no
/// other utility in the directory is known to need it.
pub fn login_needs_account_number(utility_id: u32) -> bool {
    utility_id == CONSOLIDATED_EDISON
}

/// Nicknames people type instead of the EIA name, keyed by the query with
/// everything but letters and digits removed ("PG&E" → "pge", "Con Ed" →
/// "coned"). Every id must exist in the data; a test checks that.
const ALIASES: &[(&str, u32)] = &[
    ("coned", 4226),  // Consolidated Edison Co-NY Inc
    ("comed", 4110),  // Commonwealth Edison Co
    ("pge", 14328),   // Pacific Gas & Electric Co
    ("sce", 17609),   // Southern California Edison Co
    ("sdge", 16609),  // San Diego Gas & Electric Co
    ("fpl", 6452),    // Florida Power & Light Co
    ("pseg", 15477),  // Public Service Elec & Gas Co
    ("ladwp", 11208), // Los Angeles Department of Water & Power
    ("bge", 1167),    // Baltimore Gas & Electric Co
    ("lipa", 11171),  // Long Island Power Authority
    ("smud", 16534),  // Sacramento Municipal Util Dist
    ("nyseg", 13511), // New York State Elec & Gas Corp
    ("pepco", 15270), // Potomac Electric Power Co
    ("jcpl", 9726),   // Jersey Central Power & Lt Co
];

/// EIA names abbreviate words a user spells out ("Elec", "Coop", "Assn"), and
/// a query word must be able to match either spelling.
const NAME_ABBREVIATIONS: &[(&str, &[&str])] = &[
    ("assn", &["association"]),
    ("co", &["company"]),
    ("comm", &["commission"]),
    ("coop", &["cooperative"]),
    ("corp", &["corporation"]),
    ("dept", &["department"]),
    ("dist", &["district"]),
    ("elec", &["electric", "electrical"]),
    ("lgt", &["light"]),
    ("lt", &["light"]),
    ("member", &["membership"]),
    ("mun", &["municipal"]),
    ("pub", &["public"]),
    ("pwr", &["power"]),
    ("serv", &["service"]),
    ("sys", &["system"]),
    ("util", &["utility", "utilities"]),
];

/// Queries are typed into a search box; anything longer is not a utility name
/// and only costs time.
const MAX_QUERY_CHARS: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum ServiceType {
    // Declaration order is preference order: a bundled utility both sells the
    // energy and owns the wires, so it is the likeliest holder of the bills.
    Bundled,
    Delivery,
    Energy,
}

impl ServiceType {
    fn from_code(code: &str) -> Option<ServiceType> {
        match code {
            "B" => Some(ServiceType::Bundled),
            "D" => Some(ServiceType::Delivery),
            "E" => Some(ServiceType::Energy),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            ServiceType::Bundled => "Bundled",
            ServiceType::Delivery => "Delivery",
            ServiceType::Energy => "Energy",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZipError {
    /// Not exactly five ASCII digits.
    Malformed,
}

impl fmt::Display for ZipError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZipError::Malformed => f.write_str("a zip code is exactly five digits"),
        }
    }
}

impl std::error::Error for ZipError {}

/// One word of a utility name, with the spellings it also answers to.
struct Word {
    text: String,
    alternatives: &'static [&'static str],
}

impl Word {
    fn new(text: String) -> Word {
        let alternatives = NAME_ABBREVIATIONS
            .iter()
            .find(|(abbreviation, _)| *abbreviation == text)
            .map_or(&[][..], |(_, full)| *full);
        Word { text, alternatives }
    }

    fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.text.as_str()).chain(self.alternatives.iter().copied())
    }

    fn is(&self, query_word: &str) -> bool {
        self.spellings().any(|s| s == query_word)
    }

    fn starts_with(&self, query_word: &str) -> bool {
        self.spellings().any(|s| s.starts_with(query_word))
    }
}

struct Entry {
    id: u32,
    /// The registry (legal) name.
    name: &'static str,
    state: &'static str,
    ownership: &'static str,
    /// The name customers know ("Con Edison"); the registry name when the data has none.
    display_name: String,
    /// The utility's own https password-reset page, where known.
    password_reset_url: Option<String>,
    /// Best service type over all its zips, reported when found by name.
    best_service: ServiceType,
    /// Zips served: the size measure used to rank search results.
    zip_count: u32,
    /// Name words in order, for exact and starts-with matches.
    words: Vec<Word>,
    /// Letter runs such as "E M C" joined into "emc", matched like words.
    acronyms: Vec<Word>,
    /// Display-name words, when the display name is not the registry name:
    /// people search by the name they know ("Eversource" finds NSTAR).
    display_words: Vec<Word>,
}

impl Entry {
    fn to_wire(&self, service: ServiceType) -> Utility {
        Utility {
            id: self.id,
            name: self.name.to_string(),
            display_name: self.display_name.clone(),
            state: self.state.to_string(),
            ownership: self.ownership.to_string(),
            service_type: service.as_str().to_string(),
            needs_account_number: login_needs_account_number(self.id),
            password_reset_url: self.password_reset_url.clone(),
        }
    }
}

/// How well a name matches a query; earlier variants rank first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Alias,
    Exact,
    NameStartsWithQuery,
    AllWordsWhole,
    AllWordsPrefix,
}

pub struct Directory {
    /// Sorted by id.
    utilities: Vec<Entry>,
    /// Sorted zip codes as numbers; `zip_starts[i]..zip_starts[i + 1]` indexes
    /// `served` (one extra sentinel at the end).
    zip_codes: Vec<u32>,
    zip_starts: Vec<u32>,
    /// (index into `utilities`, service type), in zips.tsv order.
    served: Vec<(u32, ServiceType)>,
}

impl fmt::Debug for Directory {
    // Printing 50,000 rows into a log line would help nobody.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Directory")
            .field("utilities", &self.utilities.len())
            .field("zips", &self.zip_codes.len())
            .field("pairs", &self.served.len())
            .finish()
    }
}

impl Directory {
    /// Parses the embedded data.
    ///
    /// Panics if the embedded files are corrupt: they are compiled in and the
    /// tests parse them, so that can only be a build made from broken data,
    /// which should not start.
    pub fn load() -> Directory {
        match parse(UTILITIES_TSV, ZIPS_TSV) {
            Ok(directory) => directory,
            Err(message) => panic!("embedded utility directory is corrupt: {message}"),
        }
    }

    pub fn len(&self) -> usize {
        self.utilities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.utilities.is_empty()
    }

    pub fn get(&self, id: u32) -> Option<Utility> {
        self.index_of(id)
            .map(|i| &self.utilities[i])
            .map(|entry| entry.to_wire(entry.best_service))
    }

    /// Utilities serving `zip`, the one to pre-select first. A well-formed zip
    /// the data does not cover gives an empty list, not an error: the user can
    /// still search by name.
    pub fn by_zip(&self, zip: &str) -> Result<Vec<Utility>, ZipError> {
        let key = zip_number(zip).ok_or(ZipError::Malformed)?;
        let Ok(position) = self.zip_codes.binary_search(&key) else {
            return Ok(Vec::new());
        };
        Ok(self
            .served_at(position)
            .iter()
            .map(|&(index, service)| self.utilities[index as usize].to_wire(service))
            .collect())
    }

    /// Utilities whose name matches every word of `query` (as a word prefix,
    /// in any order), plus known nicknames; best matches and bigger utilities first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Utility> {
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let words = words_of(&query);
        if words.is_empty() || limit == 0 {
            return Vec::new();
        }
        let aliased = alias_ids(&query);
        let mut hits: Vec<(Rank, &Entry)> = self
            .utilities
            .iter()
            .filter_map(|entry| {
                let rank = if aliased.contains(&entry.id) {
                    Some(Rank::Alias)
                } else {
                    let registry = rank_name(&entry.words, &entry.acronyms, &words);
                    let display = rank_name(&entry.display_words, &[], &words);
                    registry.into_iter().chain(display).min()
                };
                rank.map(|rank| (rank, entry))
            })
            .collect();
        hits.sort_by_key(|&(rank, entry)| (rank, Reverse(entry.zip_count), entry.id));
        hits.into_iter()
            .take(limit)
            .map(|(_, entry)| entry.to_wire(entry.best_service))
            .collect()
    }

    fn index_of(&self, id: u32) -> Option<usize> {
        self.utilities
            .binary_search_by_key(&id, |entry| entry.id)
            .ok()
    }

    fn served_at(&self, position: usize) -> &[(u32, ServiceType)] {
        let start = self.zip_starts[position] as usize;
        let end = self.zip_starts[position + 1] as usize;
        &self.served[start..end]
    }
}

fn alias_ids(query: &str) -> Vec<u32> {
    let key: String = query
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    ALIASES
        .iter()
        .filter(|(alias, _)| *alias == key)
        .map(|&(_, id)| id)
        .collect()
}

/// Lowercase words of a name or query. Apostrophes join ("People's" =
/// "Peoples"), every other non-alphanumeric separates, and "&" means "and",
/// which is dropped so "Gas & Electric" = "gas and electric" = "gas electric".
fn words_of(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            current.extend(c.to_lowercase());
        } else if c != '\'' && c != '\u{2019}' {
            push_word(&mut words, std::mem::take(&mut current));
        }
    }
    push_word(&mut words, current);
    words
}

fn push_word(words: &mut Vec<String>, word: String) {
    if word.is_empty() || word == "and" {
        return;
    }
    // Names write both "Coop" and "Co-op"; one spelling must find both.
    if word == "op" && words.last().is_some_and(|previous| previous == "co") {
        if let Some(previous) = words.last_mut() {
            previous.push_str("op");
        }
        return;
    }
    words.push(word);
}

fn name_words(name: &str) -> Vec<Word> {
    words_of(name).into_iter().map(Word::new).collect()
}

/// "Rural E M C" also answers to "emc"; "R E M C" to "remc".
fn acronyms(words: &[Word]) -> Vec<Word> {
    let mut found = Vec::new();
    let mut run = String::new();
    for word in words {
        let single_letter =
            word.text.len() == 1 && word.text.bytes().all(|b| b.is_ascii_alphabetic());
        if single_letter {
            run.push_str(&word.text);
        } else {
            flush_acronym(&mut run, &mut found);
        }
    }
    flush_acronym(&mut run, &mut found);
    found
}

fn flush_acronym(run: &mut String, found: &mut Vec<Word>) {
    if run.len() >= 2 {
        found.push(Word::new(run.clone()));
    }
    run.clear();
}

/// How a name (its words in order, plus any acronyms) matches the query words.
fn rank_name(names: &[Word], acronyms: &[Word], query: &[String]) -> Option<Rank> {
    if names.is_empty() {
        return None;
    }
    let all_words = names.iter().chain(acronyms);
    let last = query.len() - 1;
    if query.len() == names.len() && query.iter().zip(names).all(|(q, w)| w.is(q)) {
        return Some(Rank::Exact);
    }
    let starts = query.len() <= names.len()
        && query.iter().zip(names).enumerate().all(|(i, (q, w))| {
            // The last word may still be being typed.
            if i == last {
                w.starts_with(q)
            } else {
                w.is(q)
            }
        });
    if starts {
        return Some(Rank::NameStartsWithQuery);
    }
    if query.iter().all(|q| all_words.clone().any(|w| w.is(q))) {
        return Some(Rank::AllWordsWhole);
    }
    if query
        .iter()
        .all(|q| all_words.clone().any(|w| w.starts_with(q)))
    {
        return Some(Rank::AllWordsPrefix);
    }
    None
}

fn parse(utilities_tsv: &'static str, zips_tsv: &'static str) -> Result<Directory, String> {
    let mut utilities = parse_utilities(utilities_tsv)?;
    let mut zip_codes = Vec::new();
    let mut zip_starts = Vec::new();
    let mut served: Vec<(u32, ServiceType)> = Vec::new();
    // lines() also strips a "\r", so a CRLF checkout (git autocrlf) still parses.
    for (number, line) in zips_tsv.lines().enumerate() {
        let at = |what: &str| format!("zips.tsv line {}: {what}", number + 1);
        let (zip, list) = line.split_once('\t').ok_or_else(|| at("no tab"))?;
        let code = zip_number(zip).ok_or_else(|| at("bad zip"))?;
        // Lookups binary-search this list.
        if zip_codes.last().is_some_and(|&previous| previous >= code) {
            return Err(at("zips not strictly ascending"));
        }
        zip_codes.push(code);
        zip_starts.push(served.len() as u32);
        for item in list.split(',') {
            let (id, service) = item
                .split_once(':')
                .ok_or_else(|| at("entry without ':'"))?;
            let id: u32 = id.parse().map_err(|_| at("bad utility id"))?;
            let service = ServiceType::from_code(service).ok_or_else(|| at("bad service type"))?;
            let index = utilities
                .binary_search_by_key(&id, |entry| entry.id)
                .map_err(|_| at("unknown utility id"))?;
            let entry = &mut utilities[index];
            entry.zip_count += 1;
            entry.best_service = entry.best_service.min(service);
            served.push((index as u32, service));
        }
    }
    zip_starts.push(served.len() as u32);
    Ok(Directory {
        utilities,
        zip_codes,
        zip_starts,
        served,
    })
}

fn parse_utilities(tsv: &'static str) -> Result<Vec<Entry>, String> {
    let mut entries: Vec<Entry> = Vec::new();
    for (number, line) in tsv.lines().enumerate() {
        let at = |what: &str| format!("utilities.tsv line {}: {what}", number + 1);
        let fields: Vec<&'static str> = line.split('\t').collect();
        // Four fields is the layout from before display names; it still loads.
        let (id, name, state, ownership, display_name, reset_url) = match fields[..] {
            [id, name, state, ownership] => (id, name, state, ownership, "", ""),
            [id, name, state, ownership, display_name, reset_url] => {
                (id, name, state, ownership, display_name, reset_url)
            }
            _ => return Err(at("expected 4 or 6 fields")),
        };
        let id: u32 = id.parse().map_err(|_| at("bad id"))?;
        // get() and the zip parser binary-search by id.
        if entries.last().is_some_and(|previous| previous.id >= id) {
            return Err(at("ids not strictly ascending"));
        }
        let password_reset_url = match reset_url {
            "" => None,
            url if url.starts_with("https://") => Some(url.to_string()),
            _ => return Err(at("password reset URL is not https")),
        };
        let display_name = if display_name.is_empty() {
            name
        } else {
            display_name
        };
        let words = name_words(name);
        let acronyms = acronyms(&words);
        let display_words = if display_name == name {
            Vec::new()
        } else {
            name_words(display_name)
        };
        entries.push(Entry {
            id,
            name,
            state,
            ownership,
            display_name: display_name.to_string(),
            password_reset_url,
            // Lowered to the best type seen while reading zips.tsv.
            best_service: ServiceType::Energy,
            zip_count: 0,
            words,
            acronyms,
            display_words,
        });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn directory() -> &'static Directory {
        static DIRECTORY: OnceLock<Directory> = OnceLock::new();
        DIRECTORY.get_or_init(Directory::load)
    }

    fn zip_ids(zip: &str) -> Vec<u32> {
        directory()
            .by_zip(zip)
            .expect("well-formed zip")
            .iter()
            .map(|u| u.id)
            .collect()
    }

    fn search_ids(query: &str) -> Vec<u32> {
        directory().search(query, 20).iter().map(|u| u.id).collect()
    }

    fn first_hit(query: &str) -> Option<u32> {
        search_ids(query).first().copied()
    }

    #[test]
    fn holds_every_utility_and_zip() {
        let d = directory();
        assert_eq!(d.len(), 1193);
        assert!(!d.is_empty());
        assert_eq!(d.zip_codes.len(), 37_712);
        assert_eq!(d.served.len(), 52_744);
        assert!(
            d.utilities.iter().all(|e| e.zip_count > 0),
            "every utility serves some zip"
        );
    }

    #[test]
    fn readme_sample_lookups() {
        assert_eq!(zip_ids("10001"), vec![4226]);
        assert_eq!(zip_ids("60601").first(), Some(&4110));
        assert_eq!(zip_ids("02108").first(), Some(&54913));
        assert_eq!(zip_ids("33101").first(), Some(&6452));
        assert_eq!(zip_ids("97201").first(), Some(&15248));
        assert_eq!(zip_ids("98101").first(), Some(&16868));
        assert_eq!(zip_ids("94103"), vec![16612]);
        let mut anchorage = zip_ids("99501");
        anchorage.sort_unstable();
        assert_eq!(anchorage, vec![599, 3522, 11824]);
    }

    #[test]
    fn con_edison_in_10001_is_bundled_and_needs_account_number() {
        let found = directory().by_zip("10001").expect("well-formed zip");
        assert_eq!(found[0].name, "Consolidated Edison Co-NY Inc");
        assert_eq!(found[0].service_type, "Bundled");
        assert!(found[0].needs_account_number);
        assert!(!directory().by_zip("60601").expect("well-formed zip")[0].needs_account_number);
    }

    #[test]
    fn uncovered_zips_are_empty_not_errors() {
        assert_eq!(directory().by_zip("75201"), Ok(vec![]));
        assert_eq!(directory().by_zip("77002"), Ok(vec![]));
        assert_eq!(directory().by_zip("00000"), Ok(vec![]));
    }

    #[test]
    fn malformed_zips() {
        for zip in [
            "1234",
            "abcde",
            "123456",
            "",
            " 1000",
            "10001 ",
            "1000a",
            "10001-1234",
            "１２３４５",
            "1234\u{e9}",
            "-1234",
        ] {
            assert_eq!(directory().by_zip(zip), Err(ZipError::Malformed), "{zip:?}");
        }
    }

    #[test]
    fn leading_zero_zips_from_the_non_iou_file() {
        // Stored as 6360 and 2807 in the 2020 file.
        assert!(zip_ids("06360").contains(&2089), "Bozrah Light & Power");
        assert_eq!(zip_ids("02807"), vec![1857]);
        assert_eq!(
            directory().get(1857).map(|u| u.name),
            Some("Block Island Utility District".to_string())
        );
    }

    #[test]
    fn bundled_before_delivery() {
        let found = directory().by_zip("04623").expect("well-formed zip");
        let types: Vec<(u32, &str)> = found
            .iter()
            .map(|u| (u.id, u.service_type.as_str()))
            .collect();
        assert_eq!(types, vec![(5609, "Bundled"), (1179, "Delivery")]);
    }

    #[test]
    fn every_zip_is_ordered_and_free_of_duplicates() {
        let d = directory();
        for position in 0..d.zip_codes.len() {
            let served = d.served_at(position);
            assert!(!served.is_empty());
            let keys: Vec<_> = served
                .iter()
                .map(|&(i, service)| {
                    (
                        service,
                        Reverse(d.utilities[i as usize].zip_count),
                        d.utilities[i as usize].id,
                    )
                })
                .collect();
            assert!(
                keys.windows(2).all(|pair| pair[0] < pair[1]),
                "zip {:05}: {keys:?}",
                d.zip_codes[position]
            );
            let mut ids: Vec<u32> = served.iter().map(|&(i, _)| i).collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(
                ids.len(),
                served.len(),
                "duplicate utility in zip {:05}",
                d.zip_codes[position]
            );
        }
    }

    #[test]
    fn get_reports_best_service_type() {
        let d = directory();
        assert_eq!(
            d.get(4226).map(|u| u.service_type),
            Some("Bundled".to_string())
        );
        // Emera Maine only has Delivery rows.
        assert_eq!(
            d.get(1179).map(|u| u.service_type),
            Some("Delivery".to_string())
        );
        assert_eq!(
            d.get(16868).map(|u| u.ownership),
            Some("Municipal".to_string())
        );
        assert_eq!(d.get(4226).map(|u| u.state), Some("NY".to_string()));
        assert_eq!(d.get(0), None);
        assert_eq!(d.get(u32::MAX), None);
    }

    #[test]
    fn only_con_edison_needs_an_account_number() {
        let d = directory();
        let needing: Vec<u32> = d
            .utilities
            .iter()
            .filter(|e| login_needs_account_number(e.id))
            .map(|e| e.id)
            .collect();
        assert_eq!(needing, vec![4226]);
    }

    #[test]
    fn every_alias_names_a_real_utility() {
        for &(alias, id) in ALIASES {
            assert!(directory().get(id).is_some(), "alias {alias} → {id}");
        }
    }

    #[test]
    fn search_tolerates_case_and_punctuation() {
        assert_eq!(first_hit("duke energy carolinas"), Some(5416));
        assert_eq!(first_hit("Duke Energy Carolinas, LLC"), Some(5416));
        let duke = search_ids("DUKE-ENERGY");
        assert_eq!(duke.len(), 6);
        assert!(duke.iter().all(|&id| directory()
            .get(id)
            .is_some_and(|u| u.name.starts_with("Duke Energy"))));
        assert_eq!(first_hit("city of seattle"), Some(16868));
        assert_eq!(first_hit("seattle"), Some(16868));
    }

    #[test]
    fn search_matches_word_prefixes_anywhere() {
        assert_eq!(first_hit("consol edis"), Some(4226));
        assert_eq!(first_hit("edison consolidated"), Some(4226));
        assert!(search_ids("edison").contains(&17609));
        assert_eq!(first_hit("carolinas duke"), Some(5416));
    }

    #[test]
    fn search_understands_abbreviated_names() {
        // The EIA spells it "Public Service Elec & Gas Co".
        assert_eq!(first_hit("public service electric and gas"), Some(15477));
        assert_eq!(
            first_hit("public service electric & gas company"),
            Some(15477)
        );
        assert_eq!(first_hit("decatur emc"), Some(4960));
        assert_eq!(first_hit("peoples electric cooperative"), Some(14775));
        assert_eq!(first_hit("people's electric"), Some(14775));
        assert!(
            search_ids("yellowstone coop").contains(&20997),
            "named \"Co-op\""
        );
        assert!(
            search_ids("rappahannock co-op").contains(&40228),
            "named \"Coop\""
        );
    }

    #[test]
    fn search_aliases() {
        for (query, id) in [
            ("con ed", 4226),
            ("coned", 4226),
            ("ConEd", 4226),
            ("comed", 4110),
            ("pge", 14328),
            ("pg&e", 14328),
            ("PG&E", 14328),
            ("sce", 17609),
            ("sdge", 16609),
            ("sdg&e", 16609),
            ("fpl", 6452),
            ("pse&g", 15477),
            ("pseg", 15477),
            ("ladwp", 11208),
            ("bge", 1167),
        ] {
            assert_eq!(first_hit(query), Some(id), "{query}");
        }
    }

    #[test]
    fn search_finds_the_names_people_know() {
        // The registry says "NSTAR Electric Company"; customers know Eversource.
        assert!(search_ids("Eversource").contains(&54913));
        assert!(search_ids("eversource nstar").starts_with(&[54913]));
        assert_eq!(first_hit("Con Edison"), Some(4226));
        // Registry names still work as before.
        assert_eq!(first_hit("NSTAR Electric"), Some(54913));
    }

    #[test]
    fn answers_carry_display_and_legal_names() {
        let d = directory();
        let coned = d.get(4226).unwrap();
        assert_eq!(coned.display_name, "Con Edison");
        assert_eq!(coned.name, "Consolidated Edison Co-NY Inc");
        assert_eq!(coned.password_reset_url, None);
    }

    #[test]
    fn search_ranks_exact_then_prefix_then_size() {
        let d = directory();
        // Exact name beats bigger utilities containing the same words.
        assert_eq!(first_hit("city of austin mn"), Some(1009));
        // Among equal matches the utility serving more zips comes first.
        let edison = d.search("edison", 20);
        let sizes: Vec<u32> = edison
            .iter()
            .map(|u| d.utilities[d.index_of(u.id).expect("known id")].zip_count)
            .collect();
        assert!(sizes.windows(2).all(|pair| pair[0] >= pair[1]), "{sizes:?}");
        // "Salt River Project" starts with the query; "Salt River Electric" only contains it.
        assert_eq!(first_hit("salt river p"), Some(16572));
    }

    #[test]
    fn search_limits_and_empty_queries() {
        let d = directory();
        assert!(d.search("", 10).is_empty());
        assert!(d.search("   \t\n", 10).is_empty());
        assert!(d.search("&", 10).is_empty());
        assert!(d.search("electric", 0).is_empty());
        assert_eq!(d.search("electric", 5).len(), 5);
        assert!(d.search("zzzzqqq", 10).is_empty());
    }

    #[test]
    fn search_never_panics_on_odd_input() {
        let d = directory();
        let long = "é".repeat(10_000);
        for query in [
            "\u{0}",
            "\u{feff}duke",
            "🔌⚡💡",
            "Ünïcödé Énergie",
            "日本電力",
            "İSTANBUL",
            "ǅ",
            "e\u{301}\u{301}\u{301}",
            "\u{202e}ekud",
            "'''",
            "a'b'c",
            "\u{10ffff}",
            long.as_str(),
            "duke ".repeat(1000).as_str(),
        ] {
            let found = d.search(query, 10);
            assert!(found.len() <= 10);
            assert!(matches!(d.by_zip(query), Err(ZipError::Malformed)));
        }
    }

    #[test]
    fn display_names_and_reset_pages_load() {
        let d = directory();
        let entry = |id| &d.utilities[d.index_of(id).expect("known id")];
        assert_eq!(entry(4226).display_name, "Con Edison");
        assert_eq!(entry(4226).name, "Consolidated Edison Co-NY Inc");
        assert_eq!(entry(14328).display_name, "PG&E");
        // Tidied by rule: no state suffix, no "Coop" abbreviation.
        assert_eq!(entry(55).display_name, "City of Aberdeen");
        assert_eq!(entry(84).display_name, "A & N Electric Cooperative");
        assert!(d.utilities.iter().all(|e| !e.display_name.is_empty()));
        assert!(d
            .utilities
            .iter()
            .filter_map(|e| e.password_reset_url.as_deref())
            .all(|url| url.starts_with("https://")));
    }

    #[test]
    fn display_name_defaults_to_the_registry_name() {
        let old_layout = parse("1\tA Co\tNY\tMunicipal\n", "10001\t1:B\n").expect("4 fields");
        assert_eq!(old_layout.utilities[0].display_name, "A Co");
        assert_eq!(old_layout.utilities[0].password_reset_url, None);
        let blank = parse("1\tA Co\tNY\tMunicipal\t\t\n", "10001\t1:B\n").expect("6 fields");
        assert_eq!(blank.utilities[0].display_name, "A Co");
        let full = parse(
            "1\tA Co\tNY\tMunicipal\tA\thttps://a.example/reset\n",
            "10001\t1:B\n",
        )
        .expect("6 fields");
        assert_eq!(full.utilities[0].display_name, "A");
        assert_eq!(
            full.utilities[0].password_reset_url.as_deref(),
            Some("https://a.example/reset")
        );
    }

    #[test]
    fn corrupt_data_is_rejected() {
        assert!(
            parse("1\tA\tNY\tMunicipal\n", "10001\t2:B\n").is_err(),
            "unknown id"
        );
        assert!(
            parse("1\tA\tNY\tMunicipal\n", "10001\t1:X\n").is_err(),
            "bad type"
        );
        assert!(
            parse("1\tA\tNY\tMunicipal\n", "10002\t1:B\n10001\t1:B\n").is_err(),
            "unsorted"
        );
        assert!(
            parse("2\tA\tNY\tMunicipal\n1\tB\tNY\tMunicipal\n", "").is_err(),
            "unsorted ids"
        );
        assert!(parse("1\tA\tNY\n", "").is_err(), "missing field");
        assert!(
            parse("1\tA\tNY\tMunicipal\tA\n", "").is_err(),
            "display name without reset column"
        );
        assert!(
            parse("1\tA\tNY\tMunicipal\tA\thttp://a.example/reset\n", "").is_err(),
            "reset page over plain http"
        );
        assert!(
            parse("1\tA\tNY\tMunicipal\r\n", "10001\t1:B\r\n").is_ok(),
            "CRLF"
        );
    }
}
