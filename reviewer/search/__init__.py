"""Search machinery shared by the features that search Chinese text (see `bigram`)."""
