//! One error type for the whole service, answered as RFC 9457 `application/problem+json`.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use std::fmt;
use utoipa::ToSchema;

/// Stable machine-readable error codes; clients translate by these, never by the English text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum ErrorCode {
    /// One or more fields are invalid; see `errors`.
    ValidationFailed,
    /// E-mail or password wrong (never says which).
    InvalidCredentials,
    /// The account has not confirmed its e-mail address yet.
    EmailNotVerified,
    /// Too many failed log-ins; try again after `Retry-After`.
    AccountLocked,
    /// The account was disabled by an administrator.
    AccountDisabled,
    /// Too many requests from this client.
    RateLimited,
    /// No valid access token.
    Unauthorized,
    /// Authenticated, but the role may not do this.
    Forbidden,
    /// No such resource (or not yours to see).
    NotFound,
    /// The path exists but not with this method.
    MethodNotAllowed,
    /// Body too large.
    PayloadTooLarge,
    /// Body is not JSON.
    UnsupportedMediaType,
    /// Body is not well-formed JSON or has the wrong shape.
    MalformedJson,
    /// A path, query string or JSON string holds a character no field may contain (NUL).
    InvalidCharacters,
    /// The change conflicts with the current state.
    Conflict,
    /// The e-mail address is already registered.
    EmailTaken,
    /// An e-mail token is unknown, used or expired.
    InvalidToken,
    /// A cookie-authenticated call lacks the anti-CSRF header.
    CsrfHeaderMissing,
    /// The current password given for a password change is wrong.
    WrongPassword,
    /// The enterprise must be verified by HR before it can do this (publish positions, take booths).
    EnterpriseNotVerified,
    /// The database or another dependency is unavailable right now.
    ServiceUnavailable,
    /// The action is not allowed in the record's current state.
    InvalidTransition,
    /// Sign-up (or cancelling it) is not open for this fair now.
    SignupClosed,
    /// No places (or booths, or slots) are left.
    CapacityFull,
    /// The applicant's profile lacks what this needs (name, ID, phone, education).
    ProfileIncomplete,
    /// The person already has an active sign-up for this.
    AlreadyRegistered,
    /// The ticket belongs to a cancelled sign-up.
    TicketCancelled,
    /// The ticket is valid but for a different fair.
    TicketOtherFair,
    /// The amount does not fit in what is left of the policy's budget for the year (`remaining_fen`).
    BudgetExceeded,
    /// The person already holds an open or awarded application of this policy (or its exclusive group) this year.
    DuplicateApplication,
    /// The applicant does not meet the policy's eligibility criteria (see `errors`).
    NotEligible,
    /// The same person may not take both steps of a four-eyes decision, or act on their own record.
    SamePerson,
    /// The `Idempotency-Key` was used before with a different request.
    IdempotencyKeyReused,
    /// A request with this `Idempotency-Key` is still being processed.
    IdempotencyInFlight,
    /// A file's rows were refused as a whole (see `rows`).
    FileRejected,
    /// The upload would take the account's attachments over its storage quota in bytes.
    StorageQuotaExceeded,
    /// The account already holds as many attachments as its quota allows.
    AttachmentLimitReached,
    /// The report year was frozen before; frozen figures never change.
    AlreadyFrozen,
    /// Something failed on our side; details are in the server log only.
    InternalError,
    /// The attachment store cannot take the file now (disk full, folder not writable); nothing was
    /// recorded.
    StorageUnavailable,
    /// Tickets are checked in only from a set time before the fair starts until it ends.
    CheckInNotOpen,
    /// The account already has a closure request waiting for a decision.
    ClosureAlreadyRequested,
    /// Registration needs consent to the current privacy notice.
    PrivacyConsentRequired,
    /// The ticket's holder has not checked in at this fair yet (an intent needs a check-in).
    NotCheckedIn,
    /// The position is not shown at an approved booth of this fair.
    PositionNotAtFair,
    /// A capacity cannot drop below the places or booths already given.
    CapacityBelowTaken,
    /// The person already has a placement in this internship programme.
    AlreadyPlaced,
    /// An administrator may not disable or demote their own account.
    OwnAdminAccount,
    /// The change would leave no active administrator.
    LastAdmin,
    /// This account already registered an enterprise.
    EnterpriseExists,
    /// A value that must be unique (ID number, credit code, code, year) is held by another record; see `errors`.
    ValueTaken,
    /// A dead mail whose one-time link or body was deleted cannot be sent again.
    MailRedacted,
    /// None of the chosen payouts is waiting for a batch.
    NothingToBatch,
    /// A payout has no bank account (or no profile to take one from).
    NoBankAccount,
    /// The text holds a character the GBK encoding cannot write.
    NotGbk,
}

impl ErrorCode {
    /// Every code, for tests and documentation.
    pub fn all() -> impl Iterator<Item = ErrorCode> {
        <ErrorCode as strum::IntoEnumIterator>::iter()
    }

    /// The snake_case code sent to clients.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The HTTP status this code is answered with.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::ValidationFailed
            | ErrorCode::MalformedJson
            | ErrorCode::InvalidCharacters
            | ErrorCode::InvalidToken
            | ErrorCode::WrongPassword => StatusCode::BAD_REQUEST,
            ErrorCode::InvalidCredentials | ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::EmailNotVerified
            | ErrorCode::AccountDisabled
            | ErrorCode::Forbidden
            | ErrorCode::CsrfHeaderMissing => StatusCode::FORBIDDEN,
            ErrorCode::AccountLocked => StatusCode::LOCKED,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::PayloadTooLarge | ErrorCode::StorageQuotaExceeded => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::Conflict
            | ErrorCode::EmailTaken
            | ErrorCode::InvalidTransition
            | ErrorCode::SignupClosed
            | ErrorCode::CapacityFull
            | ErrorCode::ProfileIncomplete
            | ErrorCode::AlreadyRegistered
            | ErrorCode::TicketCancelled
            | ErrorCode::TicketOtherFair
            | ErrorCode::EnterpriseNotVerified
            | ErrorCode::BudgetExceeded
            | ErrorCode::DuplicateApplication
            | ErrorCode::NotEligible
            | ErrorCode::SamePerson
            | ErrorCode::IdempotencyInFlight
            | ErrorCode::AttachmentLimitReached
            | ErrorCode::AlreadyFrozen
            | ErrorCode::CheckInNotOpen
            | ErrorCode::ClosureAlreadyRequested
            | ErrorCode::NotCheckedIn
            | ErrorCode::PositionNotAtFair
            | ErrorCode::CapacityBelowTaken
            | ErrorCode::AlreadyPlaced
            | ErrorCode::OwnAdminAccount
            | ErrorCode::LastAdmin
            | ErrorCode::EnterpriseExists
            | ErrorCode::ValueTaken
            | ErrorCode::MailRedacted
            | ErrorCode::NothingToBatch
            | ErrorCode::NoBankAccount
            | ErrorCode::NotGbk => StatusCode::CONFLICT,
            ErrorCode::IdempotencyKeyReused | ErrorCode::FileRejected | ErrorCode::PrivacyConsentRequired => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ErrorCode::ServiceUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::InternalError => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::StorageUnavailable => StatusCode::INSUFFICIENT_STORAGE,
        }
    }

    /// A short English title; clients show their own translation of the code.
    pub fn title(self) -> &'static str {
        match self {
            ErrorCode::ValidationFailed => "Some fields are not valid",
            ErrorCode::InvalidCredentials => "Wrong e-mail or password",
            ErrorCode::EmailNotVerified => "E-mail address not verified yet",
            ErrorCode::AccountLocked => "Account temporarily locked",
            ErrorCode::AccountDisabled => "Account disabled",
            ErrorCode::RateLimited => "Too many requests",
            ErrorCode::Unauthorized => "Authentication required",
            ErrorCode::Forbidden => "Not allowed",
            ErrorCode::NotFound => "Not found",
            ErrorCode::MethodNotAllowed => "Method not allowed",
            ErrorCode::PayloadTooLarge => "Request body too large",
            ErrorCode::UnsupportedMediaType => "Unsupported content type",
            ErrorCode::MalformedJson => "Malformed request body",
            ErrorCode::InvalidCharacters => "The request holds characters that are not allowed",
            ErrorCode::Conflict => "Conflict with the current state",
            ErrorCode::EmailTaken => "E-mail address already registered",
            ErrorCode::InvalidToken => "Link invalid or expired",
            ErrorCode::CsrfHeaderMissing => "Missing X-Requested-With header",
            ErrorCode::WrongPassword => "Current password is wrong",
            ErrorCode::EnterpriseNotVerified => "Enterprise not verified yet",
            ErrorCode::ServiceUnavailable => "Service temporarily unavailable",
            ErrorCode::InvalidTransition => "This action is not allowed in the current state",
            ErrorCode::SignupClosed => "Sign-up is closed",
            ErrorCode::CapacityFull => "No places left",
            ErrorCode::ProfileIncomplete => "Complete your profile first",
            ErrorCode::AlreadyRegistered => "Already signed up",
            ErrorCode::TicketCancelled => "Ticket cancelled",
            ErrorCode::TicketOtherFair => "Ticket of another fair",
            ErrorCode::BudgetExceeded => "Budget exceeded",
            ErrorCode::DuplicateApplication => "Already applied",
            ErrorCode::NotEligible => "Not eligible",
            ErrorCode::SamePerson => "Needs a different person",
            ErrorCode::IdempotencyKeyReused => "Idempotency key reused with another request",
            ErrorCode::IdempotencyInFlight => "The same request is still being processed",
            ErrorCode::FileRejected => "The file was refused; nothing was applied",
            ErrorCode::StorageQuotaExceeded => "Storage quota exceeded",
            ErrorCode::AttachmentLimitReached => "Too many files",
            ErrorCode::AlreadyFrozen => "The year is frozen already",
            ErrorCode::InternalError => "Internal error",
            ErrorCode::StorageUnavailable => "File storage unavailable",
            ErrorCode::CheckInNotOpen => "Check-in is not open now",
            ErrorCode::ClosureAlreadyRequested => "Account closure already requested",
            ErrorCode::PrivacyConsentRequired => "Consent to the privacy notice is required",
            ErrorCode::NotCheckedIn => "Not checked in yet",
            ErrorCode::PositionNotAtFair => "Position not at this fair",
            ErrorCode::CapacityBelowTaken => "Capacity below what is taken",
            ErrorCode::AlreadyPlaced => "Already placed",
            ErrorCode::OwnAdminAccount => "Own administrator account",
            ErrorCode::LastAdmin => "Last administrator",
            ErrorCode::EnterpriseExists => "Enterprise already registered",
            ErrorCode::ValueTaken => "Already taken",
            ErrorCode::MailRedacted => "Mail cannot be resent",
            ErrorCode::NothingToBatch => "Nothing to batch",
            ErrorCode::NoBankAccount => "No bank account",
            ErrorCode::NotGbk => "Not GBK",
        }
    }

    /// Find a code by the status of a response that carries no problem body yet.
    pub fn for_status(status: StatusCode) -> ErrorCode {
        match status.as_u16() {
            400 => ErrorCode::MalformedJson,
            401 => ErrorCode::Unauthorized,
            403 => ErrorCode::Forbidden,
            404 => ErrorCode::NotFound,
            405 => ErrorCode::MethodNotAllowed,
            409 => ErrorCode::Conflict,
            413 => ErrorCode::PayloadTooLarge,
            415 => ErrorCode::UnsupportedMediaType,
            423 => ErrorCode::AccountLocked,
            429 => ErrorCode::RateLimited,
            503 => ErrorCode::ServiceUnavailable,
            507 => ErrorCode::StorageUnavailable,
            _ => ErrorCode::InternalError,
        }
    }
}

/// One invalid field in a `validation_failed` answer.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct FieldError {
    /// The JSON field name (snake_case, dotted for nested fields).
    pub field: String,
    /// A stable code: required, invalid_email, invalid_phone, invalid_credit_code, too_short, too_long,
    /// common_password, invalid_choice, invalid_value, unknown_field.
    pub code: String,
    /// An English explanation.
    pub message: String,
}

impl FieldError {
    /// Build a field error.
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// `Problem.code` in the API document: the closed list of codes, so clients can check that they
/// translate every one (the frontend's unit tests do).
fn error_code_schema() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .description(Some("Stable machine-readable code."))
        .enum_values(Some(ErrorCode::all().map(ErrorCode::as_str)))
        .build()
}

/// The RFC 9457 body every error answers with.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the problem type.
    #[serde(rename = "type")]
    pub type_: String,
    /// Short summary of the problem type.
    pub title: String,
    /// HTTP status code.
    pub status: u16,
    /// What happened, for this request.
    pub detail: String,
    /// Stable machine-readable code (one of [`ErrorCode`]; clients translate by it).
    #[schema(schema_with = error_code_schema)]
    pub code: String,
    /// Field-level problems (validation).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For `budget_exceeded`: what is left of the budget, in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining_fen: Option<i64>,
    /// For `file_rejected`: every refused row of the file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<RowError>,
}

/// One refused cell or row of an uploaded file.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema, PartialEq, Eq)]
pub struct RowError {
    /// 1-based row number in the file as the user sees it.
    pub row: usize,
    /// The column's header, if the problem is in one cell.
    pub column: Option<String>,
    /// A stable code (unknown_reference, amount_mismatch, already_paid, …).
    pub code: String,
    /// An explanation in Chinese and English.
    pub message: String,
}

/// RFC 9457 extension members some problems carry.
#[derive(Debug, Clone, Default)]
pub struct Extensions {
    /// For `budget_exceeded`: what is left, in fen.
    pub remaining_fen: Option<i64>,
    /// For `file_rejected`: the refused rows.
    pub rows: Vec<RowError>,
}

/// The service's error: a code, a message for the client, and (never shown) an internal cause.
#[derive(Debug)]
pub struct AppError {
    /// Stable code; decides the HTTP status.
    pub code: ErrorCode,
    /// Client-facing explanation.
    pub detail: String,
    /// Field errors for `validation_failed`.
    pub errors: Vec<FieldError>,
    /// Seconds for a `Retry-After` header.
    pub retry_after: Option<u64>,
    /// The problem's extension members (boxed: most errors have none, and results stay small).
    pub ext: Option<Box<Extensions>>,
    /// Internal cause; logged, never sent.
    internal: Option<String>,
}

/// Shorthand for handler and rule results.
pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// An error with a code and a client-facing detail.
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        AppError {
            code,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after: None,
            ext: None,
            internal: None,
        }
    }

    /// A `validation_failed` answer listing the bad fields.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let mut e = AppError::new(ErrorCode::ValidationFailed, "One or more fields are not valid.");
        e.errors = errors;
        e
    }

    /// A 500 whose cause is logged but never shown.
    pub fn internal(cause: impl fmt::Display) -> Self {
        let mut e = AppError::new(
            ErrorCode::InternalError,
            "An internal error occurred; it has been logged.",
        );
        e.internal = Some(cause.to_string());
        e
    }

    /// A 507 `storage_unavailable` for a file the store could not write; the I/O cause is logged.
    pub fn storage(cause: impl fmt::Display) -> Self {
        let mut e = AppError::new(
            ErrorCode::StorageUnavailable,
            "The file could not be stored right now (the storage is full or not writable); nothing was saved. \
             Please try again later.",
        )
        .with_retry_after(60);
        e.internal = Some(cause.to_string());
        e
    }

    /// A 503 for a database connection that broke under the request (the server restarted, the
    /// connection was terminated); the pool replaces the connection, so a retry succeeds.
    fn database_gone(cause: impl fmt::Display) -> Self {
        let mut e = AppError::new(
            ErrorCode::ServiceUnavailable,
            "The connection to the database was lost; please try again.",
        )
        .with_retry_after(1);
        e.internal = Some(format!("database connection lost: {cause}"));
        e
    }

    /// A 404 that reveals nothing about whether the thing exists.
    pub fn not_found() -> Self {
        AppError::new(ErrorCode::NotFound, "The requested resource does not exist.")
    }

    /// A 403 for a role that may not do this.
    pub fn forbidden() -> Self {
        AppError::new(ErrorCode::Forbidden, "Your role does not allow this action.")
    }

    /// A 401 for a missing or invalid access token.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        AppError::new(ErrorCode::Unauthorized, detail)
    }

    /// A 409 `budget_exceeded` telling how much is left.
    pub fn budget_exceeded(remaining: crate::money::Fen) -> Self {
        let mut e = AppError::new(
            ErrorCode::BudgetExceeded,
            format!("Only {remaining} yuan of this year's budget is left."),
        );
        e.ext = Some(Box::new(Extensions {
            remaining_fen: Some(remaining.get()),
            rows: Vec::new(),
        }));
        e
    }

    /// A 422 `file_rejected` listing every refused row.
    pub fn file_rejected(rows: Vec<RowError>) -> Self {
        let mut e = AppError::new(
            ErrorCode::FileRejected,
            format!("{} row(s) of the file were refused; nothing was applied.", rows.len()),
        );
        e.ext = Some(Box::new(Extensions {
            remaining_fen: None,
            rows,
        }));
        e
    }

    /// Attach a `Retry-After` value in seconds.
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds.max(1));
        self
    }

    /// The problem body for this error.
    pub fn problem(&self) -> Problem {
        Problem {
            type_: format!("urn:juxian:problem:{}", self.code.as_str()),
            title: self.code.title().to_string(),
            status: self.code.status().as_u16(),
            detail: self.detail.clone(),
            code: self.code.as_str().to_string(),
            errors: self.errors.clone(),
            remaining_fen: self.ext.as_ref().and_then(|x| x.remaining_fen),
            rows: self.ext.as_ref().map(|x| x.rows.clone()).unwrap_or_default(),
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.detail)
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    fn error_response(&self) -> HttpResponse {
        if let Some(cause) = &self.internal {
            tracing::error!(code = self.code.as_str(), cause = %cause, "request failed");
        }
        let mut builder = HttpResponse::build(self.code.status());
        builder.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        builder.insert_header((header::CACHE_CONTROL, "no-store"));
        if let Some(seconds) = self.retry_after {
            builder.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        let body = serde_json::to_string(&self.problem())
            .unwrap_or_else(|_| r#"{"title":"Internal error","status":500,"code":"internal_error"}"#.into());
        builder.body(body)
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => AppError::not_found(),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => AppError::new(
                ErrorCode::Conflict,
                "This record already exists or conflicts with another one.",
            ),
            // The connection died under the request (pg_terminate_backend, a restart, a network cut).
            // The transaction rolled back, unless it was its COMMIT whose answer got lost; money-
            // moving requests carry an Idempotency-Key for that case. The pool opens a new one.
            Error::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                info,
            ) => AppError::database_gone(info.message()),
            Error::BrokenTransactionManager => AppError::database_gone("transaction state lost"),
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => AppError::new(
                ErrorCode::ServiceUnavailable,
                "The database was busy; please try again.",
            )
            .with_retry_after(1),
            other => {
                let text = other.to_string();
                // SQLite reports lock contention as a plain error; it is a retryable 503, not a bug.
                if text.contains("terminating connection") || text.contains("server closed the connection") {
                    AppError::database_gone(text)
                } else if text.contains("database is locked") || text.contains("database is busy") {
                    AppError::new(
                        ErrorCode::ServiceUnavailable,
                        "The database was busy; please try again.",
                    )
                    .with_retry_after(1)
                } else {
                    AppError::internal(format!("database: {text}"))
                }
            }
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        tracing::warn!(error = %e, "database pool exhausted or unreachable");
        AppError::new(
            ErrorCode::ServiceUnavailable,
            "The database is unavailable right now; please retry.",
        )
        .with_retry_after(2)
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::internal(format!("blocking pool: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::all() {
            assert!(seen.insert(code.as_str()), "duplicate {}", code.as_str());
            assert!(code.as_str().chars().all(|c| c.is_ascii_lowercase() || c == '_'));
            assert!(code.status().is_client_error() || code.status().is_server_error());
        }
    }

    #[test]
    fn internal_cause_is_not_in_the_body() {
        let e = AppError::internal("SELECT secret FROM users");
        let body = serde_json::to_string(&e.problem()).expect("serialises");
        assert!(!body.contains("SELECT"));
        assert!(body.contains("internal_error"));
    }
}
