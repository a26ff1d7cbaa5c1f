"""The typed accessors of Judgment's JSON columns (models/judgment_data.py) store the documented shape."""
import pytest

from models.judgment_data import Person, people_from_json, sections_from_json
from reviewer.judgments.document import Party
from tests.factories import make_judgment


def test_people_and_sections_round_trip_through_the_database(app, db):
    judgment = make_judgment()
    judgment.party_list = [Party("原告", "张三", 3), {"role": "被告", "name": "李四"}]
    judgment.signatory_list = [Person("审判员", "王五", 10)]
    judgment.sections = {"title": (0, 3), "head": [3, 6]}
    db.session.commit()
    db.session.expire_all()
    assert judgment.parties == [{"role": "原告", "name": "张三", "paragraph": 3}, {"role": "被告", "name": "李四"}]
    assert judgment.party_list == (Person("原告", "张三", 3), Person("被告", "李四"))
    assert judgment.signatory_list[0].name == "王五"
    assert judgment.section_ranges == {"title": [0, 3], "head": [3, 6]}
    assert judgment.sections == {"title": (0, 3), "head": (3, 6)}
    assert judgment.section_of(4) == "head" and judgment.section_of(9) is None


def test_a_changed_list_is_stored_because_it_is_assigned(app, db):
    judgment = make_judgment()
    db.session.commit()
    judgment.party_list = [*judgment.party_list, Person("第三人", "赵六")]
    db.session.commit()
    db.session.expire_all()
    assert [p.name for p in judgment.party_list][-1] == "赵六"


@pytest.mark.parametrize("stored", [[{"role": "原告"}], [{"role": "原告", "name": "张三", "paragraph": "3"}], ["张三"]])
def test_malformed_people_are_named(stored):
    with pytest.raises(ValueError, match="person"):
        people_from_json(stored)


@pytest.mark.parametrize("stored", [{"title": [0]}, {"title": [0, "3"]}, {"title": [-1, 2]}, {"title": 3}])
def test_malformed_sections_are_named(stored):
    with pytest.raises(ValueError, match="section 'title'"):
        sections_from_json(stored)
