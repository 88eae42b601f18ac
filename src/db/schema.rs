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
    sessions (id) {
        id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
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
        ip_hash -> Nullable<Text>,
        hash_version -> Integer,
        ip_masked_at -> Nullable<Timestamp>,
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
        secret_params -> Nullable<Text>,
        claim_token -> Nullable<Text>,
        redacted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    recruitments (id) {
        id -> Text,
        title -> Text,
        announcement -> Text,
        document_no -> Text,
        year -> Integer,
        signup_opens_at -> Timestamp,
        signup_closes_at -> Timestamp,
        review_ends_at -> Timestamp,
        exam_at -> Timestamp,
        exam_venue -> Text,
        interview_ratio -> Integer,
        written_weight -> Integer,
        interview_weight -> Integer,
        status -> Text,
        tickets_issued_at -> Nullable<Timestamp>,
        written_published_at -> Nullable<Timestamp>,
        shortlist_published_at -> Nullable<Timestamp>,
        interview_published_at -> Nullable<Timestamp>,
        created_by -> Text,
        published_at -> Nullable<Timestamp>,
        cancel_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    recruitment_posts (id) {
        id -> Text,
        recruitment_id -> Text,
        enterprise_id -> Nullable<Text>,
        institution_name -> Text,
        post_code -> Text,
        title -> Text,
        headcount -> Integer,
        eligibility -> Text,
        major_keywords -> Text,
        notes -> Nullable<Text>,
        min_written_x100 -> Nullable<Integer>,
        status -> Text,
        cut_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    recruitment_notices (id) {
        id -> Text,
        recruitment_id -> Text,
        status -> Text,
        published_by -> Text,
        published_at -> Timestamp,
        ends_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    recruitment_applications (id) {
        id -> Text,
        recruitment_id -> Text,
        post_id -> Text,
        applicant_id -> Text,
        status -> Text,
        precheck -> Text,
        profile_snapshot -> Text,
        reason -> Nullable<Text>,
        exam_no -> Nullable<Text>,
        seat_no -> Nullable<Integer>,
        ticket_code -> Nullable<Text>,
        checked_in_at -> Nullable<Timestamp>,
        checked_in_by -> Nullable<Text>,
        written_result -> Nullable<Text>,
        written_x100 -> Nullable<Integer>,
        written_rank -> Nullable<Integer>,
        interview_result -> Nullable<Text>,
        interview_x100 -> Nullable<Integer>,
        total_x100 -> Nullable<Integer>,
        final_rank -> Nullable<Integer>,
        notice_id -> Nullable<Text>,
        decided_by -> Nullable<Text>,
        submitted_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    recruitment_application_files (application_id, attachment_id) {
        application_id -> Text,
        attachment_id -> Text,
        kind -> Text,
        file_name -> Text,
        sha256 -> Text,
    }
}

diesel::table! {
    recruitment_events (id) {
        id -> Text,
        application_id -> Text,
        action -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        actor_id -> Nullable<Text>,
        actor_role -> Nullable<Text>,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    recruitment_objections (id) {
        id -> Text,
        notice_id -> Text,
        application_id -> Text,
        reason -> Text,
        contact -> Text,
        ip -> Nullable<Text>,
        status -> Text,
        resolution_note -> Nullable<Text>,
        resolved_by -> Nullable<Text>,
        resolved_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    townships (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    villages (id) {
        id -> Text,
        township_id -> Text,
        code -> Text,
        name -> Text,
        kind -> Text,
        poor_village -> Bool,
        poor_changed_year -> Nullable<Integer>,
        established_year -> Nullable<Integer>,
        merged_into_id -> Nullable<Text>,
        merged_year -> Nullable<Integer>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    village_plan_rounds (id) {
        id -> Text,
        year -> Integer,
        title -> Text,
        description -> Nullable<Text>,
        status -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    village_plan_candidates (id) {
        id -> Text,
        round_id -> Text,
        user_id -> Nullable<Text>,
        full_name -> Text,
        id_number_hash -> Text,
        id_number_masked -> Text,
        phone -> Text,
        email -> Nullable<Text>,
        village_id -> Text,
        occupation -> Nullable<Text>,
        status -> Text,
        institution -> Nullable<Text>,
        programme -> Nullable<Text>,
        reason -> Nullable<Text>,
        entered_by -> Nullable<Text>,
        decided_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(email_tokens -> users (user_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(sessions -> users (user_id));

diesel::table! {
    talent_profiles (user_id) {
        user_id -> Text,
        full_name -> Text,
        id_number_enc -> Text,
        id_number_hash -> Text,
        id_number_masked -> Text,
        birth_date -> Date,
        gender -> Text,
        phone -> Text,
        highest_education -> Nullable<Text>,
        current_employer -> Nullable<Text>,
        bank_name -> Nullable<Text>,
        bank_account_enc -> Nullable<Text>,
        bank_account_masked -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        home_village_id -> Nullable<Text>,
    }
}

diesel::table! {
    talent_education (id) {
        id -> Text,
        user_id -> Text,
        position -> Integer,
        level -> Text,
        school -> Text,
        major -> Nullable<Text>,
        graduation_year -> Integer,
    }
}

diesel::table! {
    talent_categories (user_id, category) {
        user_id -> Text,
        category -> Text,
    }
}

diesel::table! {
    talent_skills (user_id, skill) {
        user_id -> Text,
        skill -> Text,
    }
}

diesel::table! {
    attachments (id) {
        id -> Text,
        owner_id -> Text,
        kind -> Text,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

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
        kind -> Text,
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

diesel::table! {
    job_fairs (id) {
        id -> Text,
        title -> Text,
        description -> Nullable<Text>,
        venue -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        signup_deadline -> Timestamp,
        capacity -> Integer,
        booth_capacity -> Integer,
        registered_count -> Integer,
        approved_booths -> Integer,
        status -> Text,
        cancel_reason -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    fair_registrations (id) {
        id -> Text,
        fair_id -> Text,
        user_id -> Text,
        status -> Text,
        ticket_code -> Nullable<Text>,
        waitlisted_at -> Nullable<Timestamp>,
        checked_in_at -> Nullable<Timestamp>,
        checked_in_by -> Nullable<Text>,
        reminded_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    fair_booths (id) {
        id -> Text,
        fair_id -> Text,
        enterprise_id -> Text,
        status -> Text,
        reject_reason -> Nullable<Text>,
        requested_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    fair_booth_positions (booth_id, position_id) {
        booth_id -> Text,
        position_id -> Text,
    }
}

diesel::table! {
    employment_intents (id) {
        id -> Text,
        fair_id -> Text,
        booth_id -> Text,
        applicant_id -> Text,
        enterprise_id -> Text,
        position_id -> Text,
        status -> Text,
        note -> Nullable<Text>,
        recorded_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    internship_programs (id) {
        id -> Text,
        title -> Text,
        description -> Nullable<Text>,
        season -> Text,
        application_opens_at -> Timestamp,
        application_closes_at -> Timestamp,
        starts_on -> Date,
        ends_on -> Date,
        status -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    internship_offers (id) {
        id -> Text,
        program_id -> Text,
        position_id -> Text,
        enterprise_id -> Text,
        slots -> Integer,
        filled -> Integer,
        mentor -> Text,
        stipend_fen -> BigInt,
        status -> Text,
        reject_reason -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    internship_applications (id) {
        id -> Text,
        offer_id -> Text,
        program_id -> Text,
        applicant_id -> Text,
        status -> Text,
        reason -> Nullable<Text>,
        evaluation -> Nullable<Text>,
        hours -> Nullable<Integer>,
        decided_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    subsidy_policies (id) {
        id -> Text,
        code -> Text,
        version -> Integer,
        name -> Text,
        description -> Nullable<Text>,
        document_no -> Text,
        kind -> Text,
        amount_rule -> Text,
        amount_fen -> BigInt,
        exclusive_group -> Nullable<Text>,
        required_attachments -> Text,
        eligibility -> Text,
        opens_at -> Timestamp,
        closes_at -> Timestamp,
        notice_days -> Integer,
        status -> Text,
        created_by -> Text,
        activated_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    subsidy_budgets (policy_id, year) {
        policy_id -> Text,
        year -> Integer,
        budget_fen -> BigInt,
        reserved_fen -> BigInt,
        paid_fen -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    subsidy_notices (id) {
        id -> Text,
        policy_id -> Text,
        status -> Text,
        published_by -> Text,
        published_at -> Timestamp,
        ends_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    subsidy_applications (id) {
        id -> Text,
        policy_id -> Text,
        applicant_id -> Text,
        year -> Integer,
        exclusive_group -> Nullable<Text>,
        requested_fen -> BigInt,
        granted_fen -> Nullable<BigInt>,
        statement -> Text,
        status -> Text,
        hr_decided_by -> Nullable<Text>,
        finance_decided_by -> Nullable<Text>,
        notice_id -> Nullable<Text>,
        policy_snapshot -> Nullable<Text>,
        profile_snapshot -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        decided_at -> Nullable<Timestamp>,
        awarded_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    subsidy_application_files (application_id, attachment_id) {
        application_id -> Text,
        attachment_id -> Text,
        kind -> Text,
        file_name -> Text,
        sha256 -> Text,
    }
}

diesel::table! {
    subsidy_events (id) {
        id -> Text,
        application_id -> Text,
        action -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        actor_id -> Nullable<Text>,
        actor_role -> Nullable<Text>,
        reason -> Nullable<Text>,
        amount_fen -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    subsidy_objections (id) {
        id -> Text,
        notice_id -> Text,
        application_id -> Text,
        reason -> Text,
        contact -> Text,
        ip -> Nullable<Text>,
        status -> Text,
        resolution_note -> Nullable<Text>,
        resolved_by -> Nullable<Text>,
        resolved_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    payouts (id) {
        id -> Text,
        source_kind -> Text,
        source_id -> Text,
        reference -> Text,
        policy_id -> Text,
        year -> Integer,
        recipient_user_id -> Nullable<Text>,
        recipient_name -> Text,
        bank_name -> Nullable<Text>,
        bank_account_enc -> Nullable<Text>,
        bank_account_masked -> Nullable<Text>,
        account_field -> Nullable<Text>,
        account_owner -> Nullable<Text>,
        amount_fen -> BigInt,
        status -> Text,
        flag -> Nullable<Text>,
        last_failure -> Nullable<Text>,
        paid_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    payout_batches (id) {
        id -> Text,
        batch_no -> Text,
        status -> Text,
        created_by -> Text,
        approved_by -> Nullable<Text>,
        approved_at -> Nullable<Timestamp>,
        exported_at -> Nullable<Timestamp>,
        export_sha256 -> Nullable<Text>,
        closed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    payout_attempts (id) {
        id -> Text,
        payout_id -> Text,
        batch_id -> Text,
        status -> Text,
        bank_reference -> Nullable<Text>,
        failure_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (actor_id, key) {
        actor_id -> Text,
        key -> Text,
        fingerprint -> Text,
        status -> Text,
        response_status -> Nullable<Integer>,
        response_body -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    allowance_batches (id) {
        id -> Text,
        policy_id -> Text,
        batch_no -> Integer,
        period -> Text,
        title -> Text,
        year -> Integer,
        status -> Text,
        row_count -> Integer,
        total_fen -> BigInt,
        created_by -> Text,
        imported_by -> Nullable<Text>,
        submitted_by -> Nullable<Text>,
        approved_by -> Nullable<Text>,
        reject_reason -> Nullable<Text>,
        approved_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    allowance_rows (id) {
        id -> Text,
        batch_id -> Text,
        policy_id -> Text,
        period -> Text,
        row_no -> Integer,
        full_name -> Text,
        id_number_enc -> Text,
        id_number_hash -> Text,
        id_number_masked -> Text,
        employer -> Text,
        role -> Text,
        amount_fen -> BigInt,
        bank_name -> Text,
        bank_account_enc -> Text,
        bank_account_masked -> Text,
        note -> Nullable<Text>,
        talent_user_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    allowance_import_errors (batch_id) {
        batch_id -> Text,
        payload_enc -> Text,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    bank_account_changes (id) {
        id -> Text,
        user_id -> Text,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    report_freezes (year) {
        year -> Integer,
        report_json -> Text,
        sha256 -> Text,
        frozen_by -> Text,
        frozen_at -> Timestamp,
    }
}

diesel::table! {
    report_settings (id) {
        id -> Integer,
        county_name -> Text,
        department_name -> Text,
        count_style -> Text,
        money_style -> Text,
        summary_template -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        updated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    symposiums (id) {
        id -> Text,
        kind -> Text,
        title -> Text,
        starts_at -> Timestamp,
        venue -> Text,
        capacity -> Nullable<Integer>,
        agenda -> Nullable<Text>,
        status -> Text,
        summary -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    symposium_invitations (id) {
        id -> Text,
        symposium_id -> Text,
        user_id -> Text,
        response -> Text,
        responded_at -> Nullable<Timestamp>,
        attended -> Nullable<Bool>,
        invited_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    training_courses (id) {
        id -> Text,
        title -> Text,
        trade -> Text,
        organiser -> Text,
        description -> Nullable<Text>,
        capacity -> Integer,
        threshold_percent -> Integer,
        status -> Text,
        completed_at -> Nullable<Timestamp>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    training_partners (id) {
        id -> Text,
        course_id -> Text,
        enterprise_id -> Text,
    }
}

diesel::table! {
    training_sessions (id) {
        id -> Text,
        course_id -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        venue -> Text,
        hours -> Integer,
    }
}

diesel::table! {
    training_trainees (id) {
        id -> Text,
        course_id -> Text,
        user_id -> Nullable<Text>,
        enterprise_id -> Nullable<Text>,
        full_name -> Text,
        id_number_hash -> Text,
        id_number_masked -> Text,
        email -> Nullable<Text>,
        locale -> Text,
        source -> Text,
        ticket_code -> Text,
        status -> Text,
        attended_hours -> Nullable<Integer>,
        certificate_code -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        added_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    training_attendance (id) {
        id -> Text,
        session_id -> Text,
        trainee_id -> Text,
        checked_in_at -> Timestamp,
        checked_in_by -> Text,
    }
}

diesel::joinable!(talent_profiles -> users (user_id));
diesel::joinable!(talent_education -> talent_profiles (user_id));
diesel::joinable!(talent_categories -> talent_profiles (user_id));
diesel::joinable!(talent_skills -> talent_profiles (user_id));
diesel::joinable!(attachments -> users (owner_id));
diesel::joinable!(positions -> enterprises (enterprise_id));
diesel::joinable!(fair_booths -> enterprises (enterprise_id));
diesel::joinable!(fair_booth_positions -> positions (position_id));
diesel::joinable!(employment_intents -> enterprises (enterprise_id));
diesel::joinable!(employment_intents -> positions (position_id));
diesel::joinable!(internship_offers -> internship_programs (program_id));
diesel::joinable!(internship_offers -> positions (position_id));
diesel::joinable!(internship_offers -> enterprises (enterprise_id));
diesel::joinable!(internship_applications -> internship_offers (offer_id));
diesel::joinable!(fair_registrations -> job_fairs (fair_id));
diesel::joinable!(fair_registrations -> users (user_id));
diesel::joinable!(fair_booths -> job_fairs (fair_id));
diesel::joinable!(fair_booth_positions -> fair_booths (booth_id));

diesel::joinable!(subsidy_applications -> subsidy_policies (policy_id));
diesel::joinable!(subsidy_applications -> users (applicant_id));
diesel::joinable!(subsidy_budgets -> subsidy_policies (policy_id));
diesel::joinable!(subsidy_notices -> subsidy_policies (policy_id));
diesel::joinable!(subsidy_application_files -> subsidy_applications (application_id));
diesel::joinable!(subsidy_events -> subsidy_applications (application_id));
diesel::joinable!(subsidy_objections -> subsidy_notices (notice_id));

diesel::joinable!(payouts -> subsidy_policies (policy_id));
diesel::joinable!(payout_attempts -> payouts (payout_id));
diesel::joinable!(payout_attempts -> payout_batches (batch_id));

diesel::joinable!(allowance_rows -> allowance_batches (batch_id));
diesel::joinable!(allowance_batches -> subsidy_policies (policy_id));

diesel::joinable!(recruitment_posts -> recruitments (recruitment_id));
diesel::joinable!(recruitment_applications -> recruitment_posts (post_id));
diesel::joinable!(recruitment_events -> recruitment_applications (application_id));
diesel::joinable!(recruitment_objections -> recruitment_applications (application_id));

diesel::joinable!(villages -> townships (township_id));
diesel::joinable!(village_plan_candidates -> village_plan_rounds (round_id));
diesel::joinable!(village_plan_candidates -> villages (village_id));

diesel::joinable!(symposium_invitations -> symposiums (symposium_id));

diesel::table! {
    privacy_consents (user_id, notice_version) {
        user_id -> Text,
        notice_version -> Text,
        consented_at -> Timestamp,
    }
}

diesel::table! {
    account_closures (id) {
        id -> Text,
        user_id -> Text,
        status -> Text,
        reason -> Nullable<Text>,
        requested_at -> Timestamp,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        decision_reason -> Nullable<Text>,
        outcome -> Nullable<Text>,
    }
}

diesel::joinable!(privacy_consents -> users (user_id));
diesel::joinable!(account_closures -> users (user_id));
diesel::joinable!(training_partners -> training_courses (course_id));
diesel::joinable!(training_partners -> enterprises (enterprise_id));
diesel::joinable!(training_sessions -> training_courses (course_id));
diesel::joinable!(training_trainees -> training_courses (course_id));
diesel::joinable!(training_attendance -> training_sessions (session_id));
diesel::joinable!(training_attendance -> training_trainees (trainee_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    email_tokens,
    refresh_tokens,
    sessions,
    audit_events,
    outbox,
    talent_profiles,
    talent_education,
    talent_categories,
    talent_skills,
    attachments,
    enterprises,
    positions,
    job_fairs,
    fair_registrations,
    fair_booths,
    fair_booth_positions,
    employment_intents,
    internship_programs,
    internship_offers,
    internship_applications,
    subsidy_policies,
    subsidy_budgets,
    subsidy_notices,
    subsidy_applications,
    subsidy_application_files,
    subsidy_events,
    subsidy_objections,
    payouts,
    payout_batches,
    payout_attempts,
    idempotency_keys,
    allowance_batches,
    allowance_rows,
    allowance_import_errors,
    bank_account_changes,
    recruitments,
    recruitment_posts,
    recruitment_notices,
    recruitment_applications,
    recruitment_application_files,
    recruitment_events,
    recruitment_objections,
    report_freezes,
    report_settings,
    townships,
    villages,
    village_plan_rounds,
    village_plan_candidates,
    symposiums,
    symposium_invitations,
    privacy_consents,
    account_closures,
    training_courses,
    training_partners,
    training_sessions,
    training_trainees,
    training_attendance,
);
