"""The format-check rules, one module per theme; `ALL_RULES` lists them in report order."""
from reviewer.prechecks.rules import (case_numbers, citations, dates, doubling, extra, parties, structure,
                                      text, words)

ALL_RULES = (
    case_numbers.check_format,
    case_numbers.check_court,
    structure.check_sections,
    structure.check_clerk,
    structure.check_date_format,
    structure.check_costs,
    citations.check_format,
    citations.check_repealed,
    parties.check_names,
    text.check_halfwidth,
    doubling.check_repeated,
    dates.check_order,
    extra.check_repeated_word,
    extra.check_role_title,
    words.check_confusables,
)
