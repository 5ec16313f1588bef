"""Story calendars: eras and month calendars on the one day axis, read, ordered and written back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plotline import (
    CalendarInstant,
    Entity,
    Event,
    Instant,
    LeapRule,
    Month,
    Story,
    dumps,
    loads,
    using_calendars,
)
from plotline._time import Era, MonthCalendar, Precision, parse_story_time
from plotline._time._calendar import DAY, days_from_civil
from plotline._time._calendars import civil_from_days
from plotline.exceptions import LoadError, TimeParseError

ERAS = """
[[calendars]]
id = "bby"
title = "Before the Battle of Yavin"
epoch = "0000"
direction = -1
suffix = "BBY"

[[calendars]]
id = "aby"
title = "After the Battle of Yavin"
epoch = "0000"
suffix = "ABY"
"""

SHIRE = """
[[calendars]]
id = "shire"
title = "Shire Reckoning"
epoch = "0001-12-23"
months = [
    { name = "2 Yule", days = 1, intercalary = true },
    { name = "Afteryule", days = 30 },
    { name = "Solmath", days = 30 },
    { name = "Rethe", days = 30 },
    { name = "Astron", days = 30 },
    { name = "Thrimidge", days = 30 },
    { name = "Forelithe", days = 30 },
    { name = "1 Lithe", days = 1, intercalary = true },
    { name = "Mid-year's Day", days = 1, intercalary = true },
    { name = "Overlithe", days = 0, intercalary = true },
    { name = "2 Lithe", days = 1, intercalary = true },
    { name = "Afterlithe", days = 30 },
    { name = "Wedmath", days = 30 },
    { name = "Halimath", days = 30 },
    { name = "Winterfilth", days = 30 },
    { name = "Blotmath", days = 30 },
    { name = "Foreyule", days = 30 },
    { name = "1 Yule", days = 1, intercalary = true },
]
leap = { every = 4, except_every = 100, month = "Overlithe" }
"""


def _story(text: str) -> Story:
    return loads(text)


class TestEras:
    def test_a_year_of_an_era_is_the_whole_year(self) -> None:
        story = _story(ERAS + '[[events]]\nid = "naboo"\nwhen = "32 BBY"\n')
        when = story.events[0].when
        assert isinstance(when, CalendarInstant)
        assert when.precision is Precision.YEAR
        assert when.bounds == Instant(-32).bounds
        assert (when.lower_date(), when.upper_date()) == ("-0032-01-01", "-0032-12-31")

    def test_zero_bby_is_zero_aby(self) -> None:
        story = _story(
            ERAS + '[[events]]\nid = "a"\nwhen = "0 BBY"\n[[events]]\nid = "b"\nwhen = "0 ABY"\n'
        )
        assert story.events[0].when.bounds == story.events[1].when.bounds  # type: ignore[union-attr]

    def test_a_story_dated_in_bby_and_aby_orders_by_those_dates(self) -> None:
        dates = ["4 ABY", "32 BBY", "0 BBY", "19 BBY", "3 ABY", "22 BBY"]
        events = "".join(
            f'[[events]]\nid = "e{i}"\nwhen = "{when}"\n' for i, when in enumerate(dates)
        )
        story = _story(ERAS + events)
        assert [str(event.when) for event in story.chronology()] == [
            "32 BBY",
            "22 BBY",
            "19 BBY",
            "0 BBY",
            "3 ABY",
            "4 ABY",
        ]

    def test_months_and_days_of_an_era_whose_epoch_is_a_year(self) -> None:
        era = Era("aby", suffix="ABY", epoch_year=0)
        value = era.parse("3-05-04")
        assert value.precision is Precision.DAY
        assert value.bounds == Instant(3, 5, 4).bounds
        assert str(value) == "3-05-04 ABY"

    def test_an_era_from_a_day_counts_anniversaries(self) -> None:
        era = Era("ad", suffix="AD", epoch_day=days_from_civil(100, 7, 1))
        value = era.parse("2")
        assert value.lower_date() == "0102-07-01"
        assert value.upper_date() == "0103-06-30"
        with pytest.raises(TimeParseError, match="no months"):
            era.parse("2-03")

    def test_an_interval_between_two_era_values(self) -> None:
        story = _story(ERAS + '[[events]]\nid = "war"\nwhen = "22 BBY/19 BBY"\n')
        assert str(story.events[0].when) == "22 BBY/19 BBY"
        assert story.events[0].when.bounds == (Instant(-22).lower, Instant(-19).upper)  # type: ignore[union-attr]

    def test_deep_time_and_negative_years(self) -> None:
        era = Era("ya", suffix="YA", epoch_year=2000, direction=-1)
        assert era.parse("170000002").bounds == Instant(2000 - 170000002).bounds


class TestRoundTrip:
    def test_dump_writes_values_as_they_were_written(self) -> None:
        text = (
            ERAS
            + SHIRE
            + (
                '[[entities]]\nid = "anakin"\nborn = "41 BBY"\ndied = "4 ABY"\n'
                '[[events]]\nid = "a"\nwhen = "32 BBY"\n'
                '[[events]]\nid = "b"\nwhen = "1419-03-25 shire"\n'
                """[[events]]\nid = "c"\nwhen = "1420-Mid-year's Day shire"\n"""
            )
        )
        story = loads(text)
        for format in ("toml", "yaml", "json"):
            dumped = dumps(story, format=format)
            assert "32 BBY" in dumped
            assert "1419-03-25 shire" in dumped
            assert loads(dumped, format=format) == story

    def test_python_users_read_calendar_text_with_the_story_calendars(self) -> None:
        story = _story(ERAS)
        with using_calendars(story.calendars):
            event = Event("naboo", when="32 BBY")
        assert event.when == story.calendars[0].parse("32")
        assert str(story.calendars[0].parse("32 BBY")) == "32 BBY"
        built = Story(calendars=story.calendars, events=[event])
        assert loads(dumps(built)) == built

    def test_outside_the_block_calendar_text_is_refused(self) -> None:
        with pytest.raises(TimeParseError, match="no calendar 'BBY'"):
            Event("naboo", when="32 BBY")

    def test_a_calendar_in_an_earlier_file_serves_the_later_ones(self, tmp_path) -> None:  # type: ignore[no-untyped-def]
        from plotline import load

        (tmp_path / "a.toml").write_text(ERAS)
        (tmp_path / "b.toml").write_text('[[events]]\nid = "a"\nwhen = "32 BBY"\n')
        assert str(load(tmp_path).events[0].when) == "32 BBY"


class TestErrors:
    def _problems(self, text: str) -> list[str]:
        with pytest.raises(LoadError) as caught:
            loads(text, file="s.toml")
        return [str(problem) for problem in caught.value.problems]

    def test_an_impossible_day_says_why_and_where(self) -> None:
        text = SHIRE + '[[events]]\nid = "a"\nwhen = "1419-07-31 shire"\n'
        (problem,) = self._problems(text)
        assert problem.startswith("s.toml:")
        assert "the Shire Reckoning's Afterlithe has 30 days" in problem
        assert "$.events[0].when" in problem

    def test_overlithe_only_in_leap_years(self) -> None:
        leap = loads(SHIRE + """[[events]]\nid = "a"\nwhen = "1420-Overlithe shire"\n""")
        assert leap.events[0].when.precision is Precision.DAY  # type: ignore[union-attr]
        (problem,) = self._problems(SHIRE + '[[events]]\nid = "a"\nwhen = "1419-Overlithe shire"\n')
        assert "Overlithe is only in leap years, and 1419 is not one" in problem

    def test_an_unknown_calendar_has_a_did_you_mean(self) -> None:
        (problem,) = self._problems(ERAS + '[[events]]\nid = "a"\nwhen = "32 BYY"\n')
        assert "no calendar 'BYY' (did you mean 'BBY'?)" in problem
        assert "$.events[0].when" in problem

    def test_an_unknown_month_name_has_a_did_you_mean(self) -> None:
        (problem,) = self._problems(SHIRE + '[[events]]\nid = "a"\nwhen = "1419-Rete-25 shire"\n')
        assert "no month 'Rete' (did you mean 'Rethe'?)" in problem

    def test_a_month_number_past_the_last(self) -> None:
        (problem,) = self._problems(SHIRE + '[[events]]\nid = "a"\nwhen = "1419-13-01 shire"\n')
        assert "months 01 to 12" in problem

    def test_two_calendars_written_alike(self) -> None:
        text = ERAS + '[[calendars]]\nid = "other"\nepoch = "0000"\nsuffix = "BBY"\n'
        (problem,) = self._problems(text)
        assert "'BBY' is already defined at s.toml:" in problem

    def test_a_calendar_needs_an_epoch_or_months(self) -> None:
        (problem,) = self._problems('[[calendars]]\nid = "x"\nsuffix = "X"\n')
        assert "needs an epoch" in problem

    def test_a_bad_month_table_is_located(self) -> None:
        text = '[[calendars]]\nid = "x"\nmonths = [{ name = "A", dayz = 3 }]\n'
        problems = self._problems(text)
        assert any("unknown key 'dayz' in the months (did you mean 'days'?)" in p for p in problems)

    def test_a_bad_direction(self) -> None:
        (problem,) = self._problems('[[calendars]]\nid = "x"\nepoch = 0\ndirection = 2\n')
        assert "direction is 1" in problem

    def test_plain_text_with_a_space_keeps_its_old_message(self) -> None:
        with pytest.raises(TimeParseError, match="is not a date"):
            parse_story_time("March 2020")


# ---------------------------------------------------------------------------
# Month calendars with a leap rule, against a direct model of the rule.

rules = st.builds(
    LeapRule,
    every=st.integers(2, 8),
    except_every=st.none() | st.sampled_from([3, 10, 100, 128]),
    unless_every=st.none() | st.sampled_from([400, 1000]),
    days=st.integers(1, 3),
)
months = st.lists(
    st.builds(Month, name=st.just("m"), days=st.integers(1, 40)), min_size=1, max_size=13
).map(lambda ms: tuple(Month(f"M{i}", m.days) for i, m in enumerate(ms)))


def _leap_by_hand(rule: LeapRule, year: int) -> bool:
    """The rule as a sentence says it: a multiple of every, except..., unless...."""
    if year % rule.every != 0:
        return False
    if rule.except_every and year % rule.except_every == 0:
        return bool(rule.unless_every and year % rule.unless_every == 0)
    return True


@st.composite
def calendars(draw: st.DrawFn) -> MonthCalendar:
    rule = draw(st.none() | rules)
    chosen = draw(months)
    if rule is not None:
        grows = draw(st.sampled_from(chosen)).name
        rule = LeapRule(rule.every, rule.except_every, rule.unless_every, grows, rule.days)
    return MonthCalendar("c", chosen, rule, draw(st.integers(-1000, 1000)))


class TestMonthCalendars:
    @given(calendars(), st.integers(-3000, 3000))
    def test_year_lengths_follow_the_rule(self, calendar: MonthCalendar, year: int) -> None:
        common = sum(month.days for month in calendar.months)
        rule = calendar.leap
        leap = rule is not None and _leap_by_hand(rule, year)
        assert calendar.is_leap(year) is leap
        assert calendar.year_length(year) == common + (rule.days if leap and rule else 0)

    @given(calendars(), st.integers(-400, 400))
    def test_years_follow_one_another_without_gaps(
        self, calendar: MonthCalendar, year: int
    ) -> None:
        """The first day of a year, counted year by year from year 1, as the arithmetic says."""
        days = 0
        if year >= 1:
            days = sum(calendar.year_length(y) for y in range(1, year))
        else:
            days = -sum(calendar.year_length(y) for y in range(year, 1))
        assert calendar.days_before_year(year) == days

    @given(calendars(), st.integers(-200_000, 200_000))
    def test_day_to_date_to_day(self, calendar: MonthCalendar, day: int) -> None:
        year, index, of_month = calendar.from_days(day)
        assert 1 <= of_month <= calendar.month_length(year, index)
        assert calendar.to_days(year, index, of_month) == day

    @given(calendars(), st.integers(-300, 300), st.data())
    def test_date_to_day_to_date(
        self, calendar: MonthCalendar, year: int, data: st.DataObject
    ) -> None:
        index = data.draw(
            st.sampled_from(
                [i for i in range(len(calendar.months)) if calendar.month_length(year, i)]
            )
        )
        day = data.draw(st.integers(1, calendar.month_length(year, index)))
        assert calendar.from_days(calendar.to_days(year, index, day)) == (year, index, day)

    @given(calendars(), st.integers(-300, 300))
    def test_a_year_value_spans_its_days(self, calendar: MonthCalendar, year: int) -> None:
        value = calendar.parse(str(year))
        assert (value.upper - value.lower) // DAY == calendar.year_length(year)

    def test_a_thirteen_month_year(self) -> None:
        """Thirteen months of 28 days, a Year Day outside them, and a leap day beside it."""
        story = loads(
            '[[calendars]]\nid = "tm"\ntitle = "Thirteen Moons"\nmonths = ['
            + ", ".join(f'{{ name = "Moon {n}", days = 28 }}' for n in range(1, 14))
            + ', { name = "Year Day", days = 1, intercalary = true }]\n'
            'leap = { every = 4, except_every = 100, unless_every = 400, month = "Year Day" }\n'
            '[[events]]\nid = "a"\nwhen = "8-13-28 tm"\n'
            '[[events]]\nid = "b"\nwhen = "8-Year Day tm"\n'
        )
        system = story.calendars[0].system()
        assert isinstance(system, MonthCalendar)
        assert (system.year_length(7), system.year_length(8)) == (365, 366)
        a, b = (event.when for event in story.events)
        assert a is not None
        assert b is not None
        assert b.lower == a.upper
        assert b.precision is Precision.MONTH  # Year Day is two days long in a leap year
        assert (b.upper - b.lower) // DAY == 2

    def test_the_shire_reckoning(self) -> None:
        story = loads(SHIRE)
        system = story.calendars[0].system()
        assert isinstance(system, MonthCalendar)
        assert (system.year_length(1419), system.year_length(1420)) == (365, 366)
        assert system.year_length(1400) == 365  # the last year of a century is not leap
        value = system.parse("1419-03-25")
        assert system.date_text(value.lower // DAY) == "1419-03-25 shire"
        assert system.date_text(system.parse("1420-Overlithe").lower // DAY) == (
            "1420-Overlithe shire"
        )


def test_civil_from_days_inverts_days_from_civil() -> None:
    @given(st.integers(-(10**9), 10**9))
    def check(day: int) -> None:
        assert days_from_civil(*civil_from_days(day)) == day

    check()


def test_a_value_in_a_calendar_stands_where_the_gregorian_day_does() -> None:
    era = Era("ce", suffix="CE", epoch_year=0)
    value = era.parse("2020-07-07")
    assert value.bounds == Instant(2020, 7, 7).bounds
    assert (value.year, value.month, value.day) == (2020, 7, 7)
    assert value != Instant(2020, 7, 7)  # it remembers how it was written
    assert Entity("x", born=value).born is value


def test_fmt_formats_one_file_with_its_folders_calendars(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A file whose times use a calendar another file of the folder defines still formats."""
    from conftest import cli

    (tmp_path / "00-calendars.toml").write_text(ERAS)
    cast = tmp_path / "03-cast.toml"
    cast.write_text('[[entities]]\nborn = "41 BBY"\nid = "anakin"\n')
    status, _, _ = cli("fmt", str(cast))
    assert status == 0
    assert cast.read_text() == '[[entities]]\nid = "anakin"\nborn = "41 BBY"\n'


class TestDisplayCalendar:
    """``[story] calendar`` shows every story time in one calendar, as exactly as it allows."""

    def _story(self, shown: str) -> Story:
        return loads(f'[story]\ntitle = "t"\ncalendar = "{shown}"\n' + ERAS + SHIRE)

    def test_gregorian_values_in_an_era_and_its_counterpart(self) -> None:
        from plotline._display import time_text

        story = self._story("bby")
        texts = [time_text(story, parse_story_time(t)) for t in ("-0032", "0004", "0003-05-04")]
        assert texts == ["32 BBY", "4 ABY", "3-05-04 ABY"]
        assert time_text(story, parse_story_time("-0022/-0019")) == "22 BBY/19 BBY"
        assert time_text(story, parse_story_time("2020-07-01T10:00")) == "2020-07-01T10:00"

    def test_a_month_calendar_shows_whole_units_or_the_first_and_last_day(self) -> None:
        from plotline._display import time_text

        story = self._story("shire")
        system = story.calendars[2].system()
        assert isinstance(system, MonthCalendar)
        for text in ("1419 shire", "1419-03 shire", "1419-03-25 shire", "1420-Overlithe shire"):
            value = system.parse(text.removesuffix(" shire"))
            assert time_text(story, value) == text
        gregorian_year = time_text(story, Instant(1420))
        assert gregorian_year.count(" shire") == 2
        assert "/" in gregorian_year

    def test_show_uses_it(self, tmp_path) -> None:  # type: ignore[no-untyped-def]
        from conftest import cli

        (tmp_path / "s.toml").write_text(
            '[story]\ntitle = "t"\ncalendar = "bby"\n'
            + ERAS
            + '[[events]]\nid = "a"\nwhen = "-0032"\n'
        )
        status, out, _ = cli("show", str(tmp_path / "s.toml"))
        assert status == 0
        assert "32 BBY" in out

    def test_an_unknown_display_calendar_is_a_located_error(self) -> None:
        with pytest.raises(LoadError, match="did you mean 'bby'"):
            loads('[story]\ncalendar = "byy"\n' + ERAS)
