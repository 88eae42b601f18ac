DROP TABLE account_closures;
DROP TABLE privacy_consents;
