"""Score sheets (评查表): versioned sections and items for judgments and hearings."""
