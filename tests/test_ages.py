"""Ages from ``born``: ranges on precision, an entity's own clock, PL307 and PL301/PL302 by date."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from plotline import Age, Config, Entity, Event, Story, age_at, ages_at, check, loads
from plotline._time import Instant
from plotline._time._calendar import DAY


def _codes(story: Story) -> list[tuple[str, str | None]]:
    return [
        (finding.code, finding.location.line if finding.location else None)  # type: ignore[misc]
        for finding in check(story, config=Config()).findings
    ]


def _found(story: Story) -> list[str]:
    return [finding.code for finding in check(story, config=Config()).findings]


def _harry(born: str, when: str, **ages: int) -> Story:
    return Story(
        entities=[Entity("harry", born=born)],
        events=[Event("e", when=when, participants=dict.fromkeys(["harry"], "present"), ages=ages)],
    )


class TestAgeRanges:
    def test_a_day_of_birth_and_a_day_give_one_age(self) -> None:
        assert age_at(_harry("1980-07-31", "1991-07-31"), "harry", "e") == Age(11, 11)
        assert age_at(_harry("1980-07-31", "1991-07-30"), "harry", "e") == Age(10, 10)

    def test_a_year_of_birth_gives_a_range(self) -> None:
        age = age_at(_harry("1980", "1991-09-01"), "harry", "e")
        assert age == Age(10, 11)
        assert str(age) == "10 or 11"
        assert 10 in age
        assert 12 not in age

    def test_both_years(self) -> None:
        assert age_at(_harry("1980", "1991"), "harry", "e") == Age(10, 11)

    def test_a_month_of_the_event(self) -> None:
        assert age_at(_harry("1980-07-31", "1991-07"), "harry", "e") == Age(10, 11)

    def test_undated_or_unborn_gives_none(self) -> None:
        story = Story(entities=[Entity("harry")], events=[Event("e", when="1991")])
        assert age_at(story, "harry", "e") is None
        assert age_at(_harry("1980", "1991"), "harry", "nothing") is None
        undated = Story(entities=[Entity("harry", born="1980")], events=[Event("e")])
        assert age_at(undated, "harry", "e") is None

    def test_ages_at_an_event(self) -> None:
        story = Story(
            entities=[
                Entity("harry", born="1980-07-31"),
                Entity("ron", born="1980-03-01"),
                Entity("owl"),
            ],
            events=[
                Event(
                    "e",
                    when="1991-09-01",
                    participants=dict.fromkeys(["harry", "ron", "owl"], "present"),
                )
            ],
        )
        assert {k: str(v) for k, v in ages_at(story, story.events[0]).items()} == {
            "harry": "11",
            "ron": "11",
        }

    @given(
        st.integers(1900, 2000),
        st.integers(1, 12),
        st.integers(1, 28),
        st.integers(0, 40_000),
    )
    def test_precise_dates_agree_with_counting_birthdays(
        self, year: int, month: int, day: int, later: int
    ) -> None:
        born = Instant(year, month, day)
        when_day = born.lower // DAY + later
        from plotline._time._calendars import civil_from_days

        y, m, d = civil_from_days(when_day)
        expected = y - year - ((m, d) < (month, day))
        age = age_at(_harry(str(born), str(Instant(y, m, d))), "harry", "e")
        assert age == Age(expected, expected)

    @given(st.integers(1900, 2000), st.integers(0, 80), st.integers(1, 12))
    def test_a_coarser_birth_widens_the_range(self, year: int, gap: int, month: int) -> None:
        """The age for a year of birth contains the age for every day in that year."""
        event = f"{year + gap}-{month:02d}-15"
        wide = age_at(_harry(str(year), event), "harry", "e")
        assert wide is not None
        for birthday in ("01-01", "06-30", "12-31"):
            narrow = age_at(_harry(f"{year}-{birthday}", event), "harry", "e")
            assert narrow is not None
            assert wide.low <= narrow.low <= narrow.high <= wide.high


class TestClock:
    def _stone(self, rate: float) -> Story:
        return Story(
            entities=[
                Entity(
                    "monica",
                    born="2000-01-01",
                    clock=[{"since": "petrified", "until": "restored", "rate": rate}],
                )
            ],
            events=[
                Event("petrified", when="2010-01-01"),
                Event("restored", when="2020-01-01"),
                Event("after", when="2021-01-01"),
            ],
        )

    def test_a_stopped_clock_keeps_the_age(self) -> None:
        assert age_at(self._stone(0), "monica", "restored") == Age(10, 10)
        assert age_at(self._stone(0), "monica", "after") == Age(11, 11)

    def test_a_slowed_clock(self) -> None:
        assert age_at(self._stone(0.5), "monica", "after") == Age(16, 16)

    def test_a_clock_that_never_restarts(self) -> None:
        story = Story(
            entities=[Entity("x", born="2000-01-01", clock=[{"since": "frozen"}])],
            events=[Event("frozen", when="2005-06-01"), Event("later", when="2100")],
        )
        assert age_at(story, "x", "later") == Age(5, 5)

    def test_the_clock_round_trips(self) -> None:
        story = self._stone(0.5)
        from plotline import dumps

        assert loads(dumps(story)) == story
        assert "rate = 0.5" in dumps(story)


class TestPL307:
    def test_a_wrong_age_is_an_error(self) -> None:
        assert _found(_harry("1980-07-31", "1991-09-01", harry=12)) == ["PL307"]

    def test_the_right_age_is_quiet(self) -> None:
        assert _found(_harry("1980-07-31", "1991-09-01", harry=11)) == []

    def test_either_end_of_a_range_is_quiet(self) -> None:
        assert _found(_harry("1980", "1991-09-01", harry=10)) == []
        assert _found(_harry("1980", "1991-09-01", harry=11)) == []
        assert _found(_harry("1980", "1991-09-01", harry=9)) == ["PL307"]

    def test_no_born_no_check(self) -> None:
        story = Story(
            entities=[Entity("harry")], events=[Event("e", when="1991", ages={"harry": 99})]
        )
        assert _found(story) == []

    def test_the_message_names_the_range_and_the_birth(self) -> None:
        (finding,) = check(_harry("1980", "1991-09-01", harry=13), config=Config()).findings
        assert "harry is said to be 13" in finding.message
        assert "born 1980 they are 10 or 11 then" in finding.message

    def test_from_a_file_at_the_ages(self) -> None:
        story = loads(
            '[[entities]]\nid = "harry"\nborn = "1980-07-31"\n'
            '[[events]]\nid = "e"\nwhen = "1991-09-01"\nages = { harry = 12 }\n',
            file="s.toml",
        )
        (finding,) = check(story, config=Config()).findings
        assert finding.code == "PL307"
        assert finding.location is not None
        assert finding.location.line == 7

    def test_an_age_of_an_unknown_entity_is_a_dangling_reference(self) -> None:
        story = Story(events=[Event("e", when="1991", ages={"hary": 11})])
        assert _found(story) == ["PL102"]

    @given(st.integers(1900, 2000), st.integers(0, 90), st.integers(1, 12), st.integers(1, 28))
    def test_the_computed_age_never_fires(self, year: int, gap: int, month: int, day: int) -> None:
        story = _harry(str(year), f"{year + gap}-{month:02d}-{day:02d}")
        age = age_at(story, "harry", "e")
        assert age is not None
        for asserted in range(max(age.low, 0), age.high + 1):
            assert "PL307" not in _found(
                _harry(str(year), f"{year + gap}-{month:02d}-{day:02d}", harry=asserted)
            )


class TestBornAndDiedInContinuity:
    def test_on_scene_before_born(self) -> None:
        story = Story(
            entities=[Entity("harry", born="1980-07-31")],
            events=[Event("e", when="1979", participants=dict.fromkeys(["harry"], "present"))],
        )
        assert _found(story) == ["PL302"]

    def test_on_scene_after_died(self) -> None:
        story = Story(
            entities=[Entity("sirius", died="1996-06")],
            events=[Event("e", when="1997", participants=dict.fromkeys(["sirius"], "present"))],
        )
        assert _found(story) == ["PL301"]

    def test_quiet_cases(self) -> None:
        """Ghosts, mentions, dreams, time travel, overlapping dates and returns stay quiet."""
        story = Story(
            entities=[
                Entity("sirius", born="1959", died="1996-06"),
                Entity("fawkes", died="1990", born="1000"),
            ],
            events=[
                Event("ghost", when="1997", participants={"sirius": "ghost"}),
                Event("named", when="1997", participants={"sirius": "mentioned"}),
                Event(
                    "dreamt",
                    when="1997",
                    mode="dream",
                    participants=dict.fromkeys(["sirius"], "present"),
                ),
                Event(
                    "visited",
                    when="1950",
                    mode="time-travel",
                    participants=dict.fromkeys(["sirius"], "present"),
                ),
                Event("same-year", when="1996", participants=dict.fromkeys(["sirius"], "present")),
                Event("reborn", when="1990-06", participants={"fawkes": "returns"}),
                Event("flying", when="1995", participants=dict.fromkeys(["fawkes"], "present")),
            ],
        )
        assert _found(story) == []


def test_a_clock_naming_no_event_is_a_dangling_reference() -> None:
    story = Story(
        entities=[Entity("x", born="2000", clock=[{"since": "frozn"}])],
        events=[Event("frozen", when="2005")],
    )
    (finding,) = check(story, config=Config()).findings
    assert finding.code == "PL102"
    assert "frozen" in finding.message
