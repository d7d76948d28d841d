//! Every user-facing string, per locale. `{name}` placeholders are filled
//! with `fill`; values are inserted as text nodes, never as markup.

/// The strings of one locale.
pub struct Text {
    pub dialog_label: &'static str,
    pub close: &'static str,
    pub consent_title: &'static str,
    pub consent_intro: &'static str,
    pub consent_account: &'static str,
    pub consent_bills: &'static str,
    pub consent_usage: &'static str,
    pub consent_who: &'static str,
    /// Only where the component runs in its own frame, out of the host's reach.
    pub consent_password: &'static str,
    /// In the host's page: true there, no promise the host page cannot keep.
    pub consent_password_inline: &'static str,
    pub consent_terms_before: &'static str,
    pub terms: &'static str,
    pub consent_terms_between: &'static str,
    pub privacy: &'static str,
    pub consent_terms_after: &'static str,
    pub decline: &'static str,
    pub agree: &'static str,
    pub utility_title: &'static str,
    pub zip_label: &'static str,
    pub zip_invalid: &'static str,
    pub looking_up: &'static str,
    /// A later screen whose code is still on its way.
    pub loading: &'static str,
    pub utilities_serving: &'static str,
    pub no_data: &'static str,
    pub search_by_name: &'static str,
    pub not_listed: &'static str,
    pub search_label: &'static str,
    pub search_hint: &'static str,
    pub search_results: &'static str,
    pub searching: &'static str,
    pub no_match: &'static str,
    pub back_to_zip: &'static str,
    pub continue_: &'static str,
    pub sign_in_title: &'static str,
    pub sign_in_intro: &'static str,
    pub sign_in_intro_update: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub show_password: &'static str,
    pub hide_password: &'static str,
    pub show: &'static str,
    pub hide: &'static str,
    pub account_number: &'static str,
    pub account_number_hint: &'static str,
    pub missing_username: &'static str,
    pub missing_password: &'static str,
    pub missing_account_number: &'static str,
    pub connect: &'static str,
    pub back: &'static str,
    pub rejected: &'static str,
    pub codes_used_up: &'static str,
    pub not_accepted: &'static str,
    pub login_locked: &'static str,
    pub verifying_title: &'static str,
    pub verifying_body: &'static str,
    pub mfa_title: &'static str,
    pub mfa_choose: &'static str,
    pub mfa_methods: &'static str,
    pub sms: &'static str,
    pub email: &'static str,
    pub send_code: &'static str,
    pub code_sent_to: &'static str,
    pub code_sent: &'static str,
    pub code_label: &'static str,
    pub verify: &'static str,
    pub resend: &'static str,
    pub attempts_left: &'static str,
    pub attempt_left: &'static str,
    pub wrong_code: &'static str,
    pub code_resent: &'static str,
    pub enter_code: &'static str,
    pub verified_title: &'static str,
    pub verified_body: &'static str,
    pub done: &'static str,
    pub timeout_title: &'static str,
    pub timeout_body: &'static str,
    pub error_title: &'static str,
    pub error_server: &'static str,
    pub error_utility: &'static str,
    pub try_again: &'static str,
    pub expired_title: &'static str,
    pub invalid_title: &'static str,
    pub origin_title: &'static str,
    pub origin_body: &'static str,
    pub exhausted_title: &'static str,
    pub start_again: &'static str,
    pub offline: &'static str,
    pub retry: &'static str,
    pub utilities_found: &'static str,
    pub utility_found: &'static str,
    pub utility_missing: &'static str,
    pub search_instead: &'static str,
    pub forgot_password: &'static str,
    pub forgot_password_where: &'static str,
    pub resend_in: &'static str,
    pub resend_wait: &'static str,
    pub resend_ready: &'static str,
    pub connecting_to: &'static str,
    pub fix_fields: &'static str,
}

pub const EN: Text = Text {
    dialog_label: "Connect your utility account",
    close: "Close",
    consent_title: "{client} wants to connect to your utility account",
    consent_intro: "You'll sign in to your electric utility so that {client} can receive:",
    consent_account: "Account details: your name, service address and account number",
    consent_bills: "Bills and statements",
    consent_usage: "Energy usage",
    consent_who: "Only {client} receives this data, through Utility Connect. You can disconnect at any time in {client}.",
    consent_password: "Your utility password is encrypted and is never shared with {client}.",
    consent_password_inline: "This form runs on {client}'s page. Your utility password is sent encrypted to Utility Connect, which uses it only to connect your account.",
    consent_terms_before: "By continuing you agree to the ",
    terms: "Terms of Service",
    consent_terms_between: " and ",
    privacy: "Privacy Policy",
    consent_terms_after: ".",
    decline: "Decline",
    agree: "Agree and continue",
    utility_title: "Find your utility",
    zip_label: "ZIP code",
    zip_invalid: "Enter a 5-digit ZIP code",
    looking_up: "Looking up utilities…",
    loading: "Loading…",
    utilities_serving: "Utilities serving {zip}",
    no_data: "We don't have utility data for {zip} yet.",
    search_by_name: "Search by name",
    not_listed: "My utility isn't listed",
    search_label: "Utility name",
    search_hint: "Type at least 2 letters.",
    search_results: "Search results",
    searching: "Searching…",
    no_match: "No utilities match “{query}”.",
    back_to_zip: "Search by ZIP code",
    continue_: "Continue",
    sign_in_title: "Sign in to {utility}",
    sign_in_intro: "Use the username and password of your {utility} online account.",
    sign_in_intro_update: "Enter your current {utility} login so {client} can keep receiving your data.",
    username: "Username",
    password: "Password",
    show_password: "Show password",
    hide_password: "Hide password",
    show: "Show",
    hide: "Hide",
    account_number: "Account number",
    account_number_hint: "You'll find it on your bill.",
    missing_username: "Enter your username",
    missing_password: "Enter your password",
    missing_account_number: "Enter your account number",
    connect: "Connect",
    back: "Back",
    rejected: "We couldn't sign in with those details. Check your username and password and try again.",
    codes_used_up: "Too many wrong codes. Sign in again to get a new code.",
    not_accepted: "Some of these details weren't accepted. Check them and try again.",
    login_locked: "Too many failed sign-in attempts for this login. To protect your account, try again later.",
    verifying_title: "Checking your login with {utility}",
    verifying_body: "This usually takes a few seconds.",
    mfa_title: "Verify it's you",
    mfa_choose: "{utility} wants to make sure it's you. Where should we send a one-time code?",
    mfa_methods: "Send the code by",
    sms: "Text message (SMS)",
    email: "Email",
    send_code: "Send code",
    code_sent_to: "We sent a code to {destination}.",
    code_sent: "We sent you a code.",
    code_label: "Verification code",
    verify: "Verify",
    resend: "Resend code",
    attempts_left: "{n} attempts left",
    attempt_left: "1 attempt left",
    wrong_code: "That code didn't work. Check it and try again.",
    code_resent: "We sent a new code.",
    enter_code: "Enter the code we sent you.",
    verified_title: "You're connected",
    verified_body: "{client} can now receive your {utility} account details, bills and usage.",
    done: "Done",
    timeout_title: "This is taking longer than usual",
    timeout_body: "{utility} hasn't answered yet. We'll keep checking and let {client} know when your account is connected.",
    error_title: "Something went wrong",
    error_server: "We couldn't complete this step. Please try again in a moment.",
    error_utility: "{utility} couldn't check your login right now. Please try again.",
    try_again: "Try again",
    expired_title: "This session has expired",
    invalid_title: "This link isn't valid",
    origin_title: "This site can't connect utility accounts here",
    origin_body: "{client} hasn't allowed this website to connect utility accounts. Nothing was sent. Please tell {client} about this problem.",
    exhausted_title: "Too many attempts",
    start_again: "Close this window and start connecting again from the app.",
    offline: "You're offline or the connection dropped.",
    retry: "Retry",
    utilities_found: "{n} utilities found.",
    utility_found: "1 utility found.",
    utility_missing: "Tell {client} my utility is missing",
    search_instead: "Try searching by name instead.",
    forgot_password: "Forgot your password?",
    forgot_password_where: "(opens {utility}'s site)",
    resend_in: "Resend code in {n} s",
    resend_wait: "You can ask for a new code in {n} seconds.",
    resend_ready: "You can ask for a new code now.",
    connecting_to: "Connecting to {utility}",
    fix_fields: "Check the highlighted fields.",
};

pub const ES: Text = Text {
    dialog_label: "Conecta tu cuenta de servicios eléctricos",
    close: "Cerrar",
    consent_title: "{client} quiere conectarse a tu cuenta de electricidad",
    consent_intro: "Iniciarás sesión en tu compañía eléctrica para que {client} pueda recibir:",
    consent_account: "Datos de la cuenta: tu nombre, dirección de servicio y número de cuenta",
    consent_bills: "Facturas y estados de cuenta",
    consent_usage: "Consumo de energía",
    consent_who: "Solo {client} recibe estos datos, a través de Utility Connect. Puedes desconectarte cuando quieras desde {client}.",
    consent_password: "Tu contraseña se cifra y nunca se comparte con {client}.",
    consent_password_inline: "Este formulario funciona en la página de {client}. Tu contraseña se envía cifrada a Utility Connect, que solo la usa para conectar tu cuenta.",
    consent_terms_before: "Al continuar aceptas los ",
    terms: "Términos del servicio",
    consent_terms_between: " y la ",
    privacy: "Política de privacidad",
    consent_terms_after: ".",
    decline: "Rechazar",
    agree: "Aceptar y continuar",
    utility_title: "Busca tu compañía eléctrica",
    zip_label: "Código postal",
    zip_invalid: "Escribe un código postal de 5 dígitos",
    looking_up: "Buscando compañías…",
    loading: "Cargando…",
    utilities_serving: "Compañías que dan servicio en {zip}",
    no_data: "Todavía no tenemos datos de compañías para {zip}.",
    search_by_name: "Buscar por nombre",
    not_listed: "Mi compañía no aparece",
    search_label: "Nombre de la compañía",
    search_hint: "Escribe al menos 2 letras.",
    search_results: "Resultados de la búsqueda",
    searching: "Buscando…",
    no_match: "Ninguna compañía coincide con «{query}».",
    back_to_zip: "Buscar por código postal",
    continue_: "Continuar",
    sign_in_title: "Inicia sesión en {utility}",
    sign_in_intro: "Usa el usuario y la contraseña de tu cuenta en línea de {utility}.",
    sign_in_intro_update: "Escribe tus datos de acceso actuales de {utility} para que {client} siga recibiendo tus datos.",
    username: "Usuario",
    password: "Contraseña",
    show_password: "Mostrar contraseña",
    hide_password: "Ocultar contraseña",
    show: "Mostrar",
    hide: "Ocultar",
    account_number: "Número de cuenta",
    account_number_hint: "Aparece en tu factura.",
    missing_username: "Escribe tu usuario",
    missing_password: "Escribe tu contraseña",
    missing_account_number: "Escribe tu número de cuenta",
    connect: "Conectar",
    back: "Atrás",
    rejected: "No pudimos iniciar sesión con esos datos. Revisa tu usuario y contraseña e inténtalo de nuevo.",
    codes_used_up: "Demasiados códigos incorrectos. Inicia sesión de nuevo para recibir otro código.",
    not_accepted: "Algunos datos no se aceptaron. Revísalos e inténtalo de nuevo.",
    login_locked: "Demasiados intentos fallidos con este usuario. Para proteger tu cuenta, inténtalo más tarde.",
    verifying_title: "Comprobando tu acceso con {utility}",
    verifying_body: "Suele tardar unos segundos.",
    mfa_title: "Confirma que eres tú",
    mfa_choose: "{utility} quiere confirmar que eres tú. ¿Dónde te enviamos un código de un solo uso?",
    mfa_methods: "Enviar el código por",
    sms: "Mensaje de texto (SMS)",
    email: "Correo electrónico",
    send_code: "Enviar código",
    code_sent_to: "Enviamos un código a {destination}.",
    code_sent: "Te enviamos un código.",
    code_label: "Código de verificación",
    verify: "Verificar",
    resend: "Reenviar código",
    attempts_left: "Quedan {n} intentos",
    attempt_left: "Queda 1 intento",
    wrong_code: "Ese código no funcionó. Revísalo e inténtalo de nuevo.",
    code_resent: "Te enviamos un código nuevo.",
    enter_code: "Escribe el código que te enviamos.",
    verified_title: "Ya estás conectado",
    verified_body: "{client} ya puede recibir los datos de tu cuenta de {utility}, tus facturas y tu consumo.",
    done: "Listo",
    timeout_title: "Esto está tardando más de lo normal",
    timeout_body: "{utility} aún no responde. Seguiremos comprobando y avisaremos a {client} cuando tu cuenta esté conectada.",
    error_title: "Algo salió mal",
    error_server: "No pudimos completar este paso. Inténtalo de nuevo en un momento.",
    error_utility: "{utility} no pudo comprobar tu acceso ahora. Inténtalo de nuevo.",
    try_again: "Intentar de nuevo",
    expired_title: "Esta sesión ha caducado",
    invalid_title: "Este enlace no es válido",
    origin_title: "Este sitio no puede conectar cuentas de servicios aquí",
    origin_body: "{client} no ha autorizado este sitio web para conectar cuentas de servicios. No se envió nada. Avisa a {client} de este problema.",
    exhausted_title: "Demasiados intentos",
    start_again: "Cierra esta ventana y vuelve a empezar desde la aplicación.",
    offline: "No tienes conexión o se cortó la conexión.",
    retry: "Reintentar",
    utilities_found: "{n} compañías encontradas.",
    utility_found: "1 compañía encontrada.",
    utility_missing: "Avisar a {client} de que falta mi compañía",
    search_instead: "Prueba a buscar por nombre.",
    forgot_password: "¿Olvidaste tu contraseña?",
    forgot_password_where: "(abre el sitio de {utility})",
    resend_in: "Reenviar código en {n} s",
    resend_wait: "Podrás pedir un código nuevo en {n} segundos.",
    resend_ready: "Ya puedes pedir un código nuevo.",
    connecting_to: "Conectando con {utility}",
    fix_fields: "Revisa los campos marcados.",
};

/// The strings for a BCP 47 tag (`es`, `es-MX`, ...); anything unknown is English.
pub fn for_locale(locale: Option<&str>) -> &'static Text {
    let language = locale
        .unwrap_or("en")
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match language.as_str() {
        "es" => &ES,
        _ => &EN,
    }
}

/// The language tag of the strings returned by `for_locale`.
pub fn lang_of(text: &Text) -> &'static str {
    if std::ptr::eq(text, &ES) {
        "es"
    } else {
        "en"
    }
}

/// Replaces each `{key}` in `template` with its value, in one pass (a
/// value is never searched for keys itself); unknown `{…}` stay as written.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let known = after.find('}').and_then(|close| {
            let key = &after[..close];
            let (_, value) = values.iter().find(|(name, _)| *name == key)?;
            Some((close, *value))
        });
        match known {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// "{n} utilities found.", with the singular for one.
pub fn utilities_found(text: &Text, n: usize) -> String {
    if n == 1 {
        text.utility_found.to_string()
    } else {
        fill(text.utilities_found, &[("n", &n.to_string())])
    }
}

/// "{n} attempts left", with the singular for one.
pub fn attempts_left(text: &Text, n: u8) -> String {
    if n == 1 {
        text.attempt_left.to_string()
    } else {
        fill(text.attempts_left, &[("n", &n.to_string())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_known_keys_once() {
        assert_eq!(
            fill("{a} and {b}, {a}", &[("a", "1"), ("b", "{a}")]),
            "1 and {a}, 1"
        );
        assert_eq!(fill("{x} {a", &[("a", "1")]), "{x} {a");
        assert_eq!(fill("Área {zip}.", &[("zip", "10001")]), "Área 10001.");
        assert_eq!(fill("", &[]), "");
    }

    #[test]
    fn locales_fall_back_to_english() {
        assert_eq!(for_locale(Some("es-MX")).close, "Cerrar");
        assert_eq!(for_locale(Some("ES")).close, "Cerrar");
        assert_eq!(for_locale(Some("fr")).close, "Close");
        assert_eq!(for_locale(None).close, "Close");
        assert_eq!(lang_of(for_locale(Some("es"))), "es");
    }

    #[test]
    fn placeholders_are_filled_verbatim() {
        let title = fill(EN.consent_title, &[("client", "<b>Acme</b>")]);
        assert_eq!(
            title,
            "<b>Acme</b> wants to connect to your utility account"
        );
        assert_eq!(attempts_left(&EN, 4), "4 attempts left");
        assert_eq!(attempts_left(&EN, 1), "1 attempt left");
    }
}
