//! The diesel schema, shared by both backends (kept by hand to match both migration folders).

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        role -> Text,
        status -> Text,
        locale -> Text,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        token_version -> Integer,
        email_verified_at -> Nullable<Timestamp>,
        last_login_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    email_tokens (id) {
        id -> Text,
        user_id -> Text,
        purpose -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        family_id -> Text,
        token_hash -> Text,
        token_version -> Integer,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Text,
        seq -> BigInt,
        actor_id -> Nullable<Text>,
        actor_email -> Nullable<Text>,
        action -> Text,
        entity -> Text,
        entity_id -> Nullable<Text>,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
        ip -> Nullable<Text>,
        created_at -> Timestamp,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        recipient -> Text,
        template -> Text,
        locale -> Text,
        params_json -> Text,
        dedupe_key -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        sent_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(email_tokens -> users (user_id));
diesel::joinable!(refresh_tokens -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(users, email_tokens, refresh_tokens, audit_events, outbox);

diesel::table! {
    enterprises (id) {
        id -> Text,
        owner_id -> Text,
        name -> Text,
        credit_code -> Text,
        industry -> Text,
        address -> Text,
        contact_name -> Text,
        contact_phone -> Text,
        size -> Text,
        status -> Text,
        rejection_reason -> Nullable<Text>,
        verified_at -> Nullable<Timestamp>,
        reviewed_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    positions (id) {
        id -> Text,
        enterprise_id -> Text,
        title -> Text,
        description -> Text,
        headcount -> Integer,
        salary_min -> Integer,
        salary_max -> Integer,
        education_requirement -> Text,
        location -> Text,
        kind -> Text,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(positions -> enterprises (enterprise_id));

diesel::allow_tables_to_appear_in_same_query!(enterprises, positions, users);
