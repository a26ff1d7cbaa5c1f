"""Monthly filings (每月报备案) of the basic courts."""
