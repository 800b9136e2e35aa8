"""The top floor: the home page "what needs me now", my account and tokens, the
audit log page, the demo organisation, `cellops import`, the root URL map and
the assembly of the JSON API. It may import every app; none imports it
(decision 0023)."""
