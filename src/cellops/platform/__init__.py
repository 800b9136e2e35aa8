"""The bottom floor of the apps: the audit log, personal API tokens and email
notifications sent at most once. Every app may use its `api` and `data`; it
imports no app (decision 0023)."""
