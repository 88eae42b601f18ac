DROP TABLE symposium_invitations;
DROP TABLE symposiums;
