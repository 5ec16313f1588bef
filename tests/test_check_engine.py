"""Tests for the check engine: registry, configuration, suppression and user rules."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import plotline._check._registry as registry
from plotline import Config, ConfigError, PlotlineError, UnknownRuleError, check, loads
from plotline._check import Layer, Report, find_project_config, resolve_settings
from plotline._check._catalog import CATALOG, RULES_PACKAGE
from plotline._model import (
    Arc,
    CheckSettings,
    Entity,
    Event,
    Location,
    Origin,
    Role,
    Story,
    Thread,
    Work,
)
from plotline.rules import (
    Context,
    Finding,
    Hit,
    Severity,
    catalog,
    get_rule,
    rule,
    unregister,
)
from strategies import stories

if TYPE_CHECKING:
    from collections.abc import Iterator

CATALOG_CODES = [
    "PL101", "PL102", "PL103", "PL104",
    "PL201", "PL202", "PL203", "PL204", "PL205",
    "PL301", "PL302", "PL303", "PL304", "PL305", "PL306", "PL307",
    "PL401", "PL402", "PL403", "PL404", "PL411", "PL412", "PL413",
    "PL501", "PL502", "PL503", "PL504", "PL601", "PL602", "PL603",
    "PL701", "PL702", "PL703", "PL711", "PL712", "PL713", "PL721",
]  # fmt: skip


def faraday(allow: tuple[str, ...] = (), file: str | None = None) -> Story:
    """A story with one PL301 finding (and one PL404-free thread-less setup)."""

    def at(line: int) -> Origin | None:
        return None if file is None else Origin(Location(file, line, 1))

    return Story(
        works=[Work("e1", number=1), Work("e2", number=2)],
        entities=[Entity("faraday", name="Faraday")],
        events=[
            Event("dies", told_in="e1", participants={"faraday": "dies"}, origin=at(20)),
            Event(
                "ghost",
                told_in="e2",
                participants={"faraday": "present"},
                allow=allow,
                origin=at(10),
            ),
        ],
    )


class TestRegistry:
    """The catalog of built-in rules."""

    def test_catalog_is_complete(self) -> None:
        """Every rule of DESIGN §5 is registered, with name, severity and docs."""
        builtin = [r for r in catalog() if r.builtin]
        assert [r.code for r in builtin] == CATALOG_CODES
        for registered in builtin:
            assert registered.summary.endswith(".")
            assert "Bad::" in registered.doc
            assert "Good::" in registered.doc
            assert registered.name.replace("-", "").isalpha()

    def test_defaults(self) -> None:
        """Severities and enabled flags follow the catalog."""
        assert get_rule("PL301").severity is Severity.ERROR
        assert get_rule("pl305").severity is Severity.WARNING
        assert get_rule("PL603").severity is Severity.INFO
        assert not get_rule("PL603").enabled
        assert get_rule("PL305").options == {"final_installments": 3}

    def test_catalog_table_matches_the_rule_modules(self) -> None:
        """Each catalog row names its function, which carries a ``# CODE name`` comment."""
        assert [entry.code for entry in CATALOG] == CATALOG_CODES
        for entry in CATALOG:
            module = importlib.import_module(f"{RULES_PACKAGE}.{entry.module}")
            function = getattr(module, entry.function)
            assert inspect.getcomments(function) == f"# {entry.code} {entry.name}\n"
            implemented = get_rule(entry.code).function
            assert (implemented.__module__, implemented.__qualname__) == (
                module.__name__,
                entry.function,
            )

    def test_rule_modules_are_plain(self) -> None:
        """The rule modules import neither the engine, the catalog nor the registry."""
        folder = Path(importlib.import_module(RULES_PACKAGE).__file__ or "").parent
        for path in folder.glob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            imported: set[str] = set()
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module:
                    imported.add(node.module)
                elif isinstance(node, ast.Import):
                    imported.update(alias.name for alias in node.names)
            for name in ("_engine", "_catalog", "_registry"):
                assert f"plotline._check.{name}" not in imported, (path.name, name)

    def test_importing_a_rule_module_twice_registers_nothing(self) -> None:
        """A reload, or the same file under a second name, leaves the catalog as it was."""
        before = [(r.code, r.function) for r in catalog()]
        module = importlib.import_module(f"{RULES_PACKAGE}.continuity")
        importlib.reload(module)
        spec = importlib.util.spec_from_file_location("continuity_again", module.__file__ or "")
        assert spec is not None
        assert spec.loader is not None
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
        assert [(r.code, r.function) for r in catalog()] == before

    def test_config_error_lives_in_exceptions(self) -> None:
        """ConfigError is plotline's, and still importable from its old module."""
        from plotline._check._config import ConfigError as old

        assert old is ConfigError
        assert issubclass(ConfigError, PlotlineError)
        assert issubclass(ConfigError, ValueError)

    def test_unknown_rule_suggests(self) -> None:
        """An unknown code raises UnknownRuleError (a KeyError) with a suggestion."""
        with pytest.raises(UnknownRuleError, match="did you mean 'PL301'") as info:
            get_rule("PL3O1")
        assert isinstance(info.value, KeyError)
        assert isinstance(info.value, PlotlineError)
        assert str(info.value) == (
            "no rule 'PL3O1' (did you mean 'PL301'?); `plotline rules` lists them"
        )


class TestFindings:
    """What the engine makes of what rules yield."""

    def test_counts_keyed_by_severity_name(self) -> None:
        """Report.counts maps "error", "warning", "info" (in that order) to counts."""
        story = faraday().evolve(threads=(Thread("lonely"),))
        report = check(story, config=Config())
        assert report.counts == {"error": 1, "warning": 1, "info": 0}
        assert list(report.counts) == ["error", "warning", "info"]
        assert all(type(key) is str for key in report.counts)
        assert repr(report.counts) == "{'error': 1, 'warning': 1, 'info': 0}"
        assert report.counts[Severity.ERROR] == 1
        assert Report().counts == {"error": 0, "warning": 0, "info": 0}

    def test_fills_code_severity_rule_and_location(self) -> None:
        """Code, severity, rule name and location come from the engine."""
        report = check(faraday(file="bible.toml"), config=Config())
        (finding,) = report.findings
        assert finding.code == "PL301"
        assert finding.rule == "acts-after-death"
        assert finding.severity is Severity.ERROR
        assert str(finding.location) == "bible.toml:10:1"
        assert finding.related[0].location == Location("bible.toml", 20, 1)
        assert not report.ok

    def test_report_sorted_by_location(self) -> None:
        """Findings come out in file order."""
        story = faraday(file="bible.toml")
        extra = Event("twice", told_in="e2", participants={"faraday": "present"},
                      origin=Origin(Location("bible.toml", 5, 1)))  # fmt: skip
        report = check(story.evolve(events=(*story.events, extra)), config=Config())
        assert [f.location.line for f in report.findings if f.location] == [5, 10]


class TestSelection:
    """Select and ignore, by argument, file and project."""

    def test_select_by_prefix(self) -> None:
        """Selecting another family leaves PL301 unrun."""
        assert check(faraday(), select=["PL4"], config=Config()).findings == ()
        assert len(check(faraday(), select="PL3", config=Config())) == 1

    def test_ignore_keeps_finding_suppressed(self) -> None:
        """Ignored findings stay in the report, suppressed."""
        report = check(faraday(), ignore=["PL301"], config=Config())
        assert report.active == ()
        assert [f.code for f in report.suppressed] == ["PL301"]
        assert report.ok

    def test_allow_prefix_on_record(self) -> None:
        """``allow = ["PL3"]`` on the event suppresses PL301."""
        report = check(faraday(allow=("PL3",)), config=Config())
        assert report.findings[0].suppressed

    def test_file_settings(self) -> None:
        """The story's ``[check]`` table ignores too."""
        story = faraday().evolve(check=CheckSettings(ignore=["PL301"]))
        assert check(story, config=Config()).active == ()

    def test_arguments_beat_file(self) -> None:
        """An explicit select brings back what the file ignores."""
        story = faraday().evolve(check=CheckSettings(ignore=["PL3"]))
        assert len(check(story, select=["PL301"], config=Config())) == 1

    def test_project_config(self) -> None:
        """``config`` is the lowest layer."""
        assert check(faraday(), config=Config(ignore=("PL301",))).active == ()
        story = faraday().evolve(check=CheckSettings(select=["PL301"]))
        assert len(check(story, config=Config(ignore=("PL3",)))) == 1

    def test_off_by_default_runs_when_selected(self) -> None:
        """PL603 runs only when selected."""
        assert not check(faraday(), config=Config()).by_code("PL603")
        assert check(faraday(), select=["PL6"], config=Config()).by_code("PL603")


class TestCodesAreChecked:
    """A code that selects or ignores nothing real is refused wherever codes are read."""

    @pytest.mark.parametrize(
        ("table", "message"),
        [
            (
                'select = ["PL3O1"]',
                r"unknown rule code 'PL3O1' in `select` \(did you mean 'PL301'\?\)",
            ),
            ('ignore = ["PL9"]', r"unknown rule code 'PL9' in `ignore`"),
            ('ignore = [""]', r"an empty rule code in `ignore` would match every rule"),
            ('select = ["  "]', r"an empty rule code in `select`"),
        ],
    )
    def test_in_the_story_file(self, table: str, message: str) -> None:
        story = loads(f'[story]\ntitle = "t"\n[check]\n{table}\n', format="toml", file="s.toml")
        with pytest.raises(ConfigError, match=r"^s\.toml:4:1: " + message):
            check(story, config=Config())

    def test_in_the_project(self, tmp_path: Path) -> None:
        (tmp_path / "pyproject.toml").write_text('[tool.plotline]\nselect = ["PL3O1"]\n')
        config = find_project_config(tmp_path / "story.toml")
        with pytest.raises(ConfigError, match=r"\[tool\.plotline\]: unknown rule code 'PL3O1'"):
            check(faraday(), config=config)

    def test_in_python(self) -> None:
        with pytest.raises(ConfigError, match="unknown rule code 'PL3O1'"):
            check(faraday(), select=["PL3O1"], config=Config())

    def test_prefixes_and_case_still_work(self) -> None:
        assert len(check(faraday(), select=["pl3"], ignore=["PL4"], config=Config())) == 1


class TestResolveSettings:
    """The precedence of layers."""

    CODES = ("PL301", "PL305", "PL403", "PL603")
    ON = frozenset({"PL301", "PL305", "PL403"})

    def resolve(self, *layers: Layer) -> tuple[list[str], list[str]]:
        settings = resolve_settings(self.CODES, default_enabled=self.ON, layers=layers)
        return sorted(settings.run), sorted(settings.ignored)

    def test_defaults(self) -> None:
        """Without layers the enabled-by-default rules run."""
        assert self.resolve() == (["PL301", "PL305", "PL403"], [])

    def test_highest_select_wins(self) -> None:
        """The highest layer with a select decides what runs."""
        assert self.resolve(Layer(select=["PL3"]), Layer(select=["PL4"]))[0] == ["PL403"]

    def test_ignores_add_up(self) -> None:
        """Ignores of every layer count."""
        assert self.resolve(Layer(ignore=["PL301"]), Layer(ignore=["PL305"]))[1] == [
            "PL301",
            "PL305",
        ]

    def test_specific_select_in_higher_layer_undoes_ignore(self) -> None:
        """``--select PL403`` undoes a project's ``ignore = ["PL4"]``; ``--select PL`` does not."""
        assert self.resolve(Layer(ignore=["PL4"]), Layer(select=["PL403"]))[1] == []
        assert self.resolve(Layer(ignore=["PL403"]), Layer(select=["PL"]))[1] == ["PL403"]

    def test_same_layer_longest_prefix_wins(self) -> None:
        """Within a layer the longer prefix wins and ignore wins ties."""
        assert self.resolve(Layer(select=["PL403"], ignore=["PL4"]))[1] == []
        assert self.resolve(Layer(select=["PL4"], ignore=["PL4"]))[1] == ["PL403"]

    def test_options_merge(self) -> None:
        """Higher layers' options replace lower ones key by key."""
        settings = resolve_settings(
            self.CODES,
            default_enabled=self.ON,
            layers=[Layer(options={"a": 1, "b": 1}), Layer(options={"b": 2})],
            default_options={"a": 0, "b": 0, "c": 0},
        )
        assert settings.options == {"a": 1, "b": 2, "c": 0}


class TestOptions:
    """Rule options and their validation."""

    def test_unknown_option_suggests(self) -> None:
        """A misspelt option is an error with a suggestion."""
        with pytest.raises(ConfigError, match="did you mean 'final_installments'"):
            check(faraday(), options={"final_instalments": 2}, config=Config())

    def test_wrong_type(self) -> None:
        """Options keep the type of their default."""
        with pytest.raises(ConfigError, match="must be a int"):
            check(faraday(), options={"final_installments": "2"}, config=Config())
        with pytest.raises(ConfigError, match="must not be negative"):
            check(faraday(), options={"dormant_installments": -1}, config=Config())


class TestProjectConfig:
    """``[tool.plotline]`` in pyproject.toml."""

    def test_walks_up_to_nearest_pyproject(self, tmp_path: Path) -> None:
        """The nearest pyproject.toml above the story file is read."""
        (tmp_path / "pyproject.toml").write_text(
            '[tool.plotline]\nselect = ["PL3"]\nignore = ["PL305"]\ndormant_installments = 8\n'
            "[tool.plotline.options]\nfinal_installments = 4\n"
        )
        story_dir = tmp_path / "bible" / "season1"
        story_dir.mkdir(parents=True)
        config = find_project_config(story_dir / "story.toml")
        assert config.select == ("PL3",)
        assert config.ignore == ("PL305",)
        assert config.options == {"final_installments": 4, "dormant_installments": 8}
        assert config.path == tmp_path / "pyproject.toml"

    def test_nearest_without_table_is_empty(self, tmp_path: Path) -> None:
        """The nearest pyproject.toml wins even without a table."""
        (tmp_path / "pyproject.toml").write_text('[tool.plotline]\nselect = ["PL3"]\n')
        (tmp_path / "sub").mkdir()
        (tmp_path / "sub" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
        assert find_project_config(tmp_path / "sub") == Config(
            path=tmp_path / "sub" / "pyproject.toml"
        )

    def test_bad_values(self, tmp_path: Path) -> None:
        """Wrong types and broken TOML are ConfigErrors."""
        (tmp_path / "pyproject.toml").write_text("[tool.plotline]\nselect = 3\n")
        with pytest.raises(ConfigError, match="list of rule codes"):
            find_project_config(tmp_path)
        (tmp_path / "pyproject.toml").write_text("[tool.plotline\n")
        with pytest.raises(ConfigError, match="not valid TOML"):
            find_project_config(tmp_path)

    def test_check_discovers_from_story_file(self, tmp_path: Path) -> None:
        """Without ``config`` the story file's project settings apply."""
        (tmp_path / "pyproject.toml").write_text('[tool.plotline]\nignore = ["PL301"]\n')
        story = faraday(file=str(tmp_path / "story.toml"))
        assert check(story).active == ()
        assert len(check(story, config=Config())) == 1


@pytest.fixture
def user_rule() -> Iterator[Any]:
    """Register a user rule for one test."""

    @rule(code="HM101", name="untitled-episode", severity="info", options={"hm_min": 1})
    def untitled(ctx: Context) -> Iterator[Hit]:
        """Flag an episode without a title.

        Bad::

            [[works]]
            id = "e1"
        """
        for work in ctx.works:
            if not work.title:
                yield ctx.finding(f"{work.id} has no title", at=work, field="title")

    yield untitled
    unregister("HM101")


class TestUserRules:
    """The ``rule`` decorator and the entry-point group."""

    def test_decorated_rule_runs(self, user_rule: Any) -> None:
        """A registered rule runs with the others and can be selected."""
        report = check(faraday(), select=["HM"], config=Config())
        assert [(f.code, f.rule, f.severity) for f in report] == [
            ("HM101", "untitled-episode", Severity.INFO)
        ] * 2
        assert get_rule("HM101").summary == "Flag an episode without a title."
        assert check(faraday(), select=["HM"], options={"hm_min": 2}, config=Config())

    def test_plotline_codes_are_reserved(self) -> None:
        """User rules may not use PL codes."""
        with pytest.raises(ConfigError, match="belong to plotline"):
            rule(code="PL999", name="mine")

    def test_taken_code_and_bad_names(self, user_rule: Any) -> None:
        """Another function under a taken code, bad codes and bad names are errors."""

        def other(ctx: Context) -> Iterator[Hit]:
            """Do something else."""
            yield from ()

        with pytest.raises(ConfigError, match="already taken"):
            rule(code="HM101", name="other")(other)
        with pytest.raises(ConfigError, match="capital letters"):
            rule(code="hm1", name="other")
        with pytest.raises(ConfigError, match="lowercase words"):
            rule(code="HM102", name="Other Rule")
        with pytest.raises(ConfigError, match="severity"):
            rule(code="HM102", name="other", severity="fatal")

    def test_docstring_required(self) -> None:
        """A rule without a docstring is refused."""
        with pytest.raises(ConfigError, match="needs a docstring"):
            rule(code="HM103", name="undocumented")(lambda ctx: iter(()))

    def test_yielding_finding_objects(self) -> None:
        """A rule may yield ready-made findings."""

        @rule(code="HM104", name="ready-made")
        def ready(ctx: Context) -> Iterator[Finding]:
            """Yield a ready-made finding."""
            yield Finding(code="", severity=Severity.WARNING, message="hello")

        try:
            (finding,) = check(faraday(), select=["HM104"], config=Config())
            assert (finding.code, finding.rule, finding.message) == ("HM104", "ready-made", "hello")
        finally:
            unregister("HM104")

    def test_rule_errors_name_the_rule(self) -> None:
        """An exception inside a rule carries a note naming it."""

        @rule(code="HM105", name="broken")
        def broken(ctx: Context) -> Iterator[Hit]:
            """Fail."""
            raise RuntimeError("boom")
            yield

        try:
            with pytest.raises(RuntimeError) as info:
                check(faraday(), select=["HM105"], config=Config())
            assert "while running rule HM105 (broken)" in info.value.__notes__
        finally:
            unregister("HM105")

    def test_entry_points_are_loaded_once(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Modules named in ``plotline.rules`` are imported on the first check."""
        import sys
        import types

        module = types.ModuleType("fake_plotline_plugin")
        module_code = '''
from plotline.rules import rule

@rule(code="FK101", name="fake-rule")
def fake(ctx):
    """Flag nothing, loudly."""
    yield ctx.finding("fake finding")
'''
        exec(compile(module_code, "fake_plotline_plugin", "exec"), module.__dict__)
        unregister("FK101")
        monkeypatch.setitem(sys.modules, "fake_plotline_plugin", module)
        calls: list[str] = []

        class FakeEntryPoint:
            name = "fake"
            value = "fake_plotline_plugin"

            def load(self) -> Any:
                calls.append(self.name)
                exec(compile(module_code, "fake_plotline_plugin", "exec"), {})
                return module

        monkeypatch.setattr(registry.metadata, "entry_points", lambda group: [FakeEntryPoint()])
        monkeypatch.setattr(registry, "_PLUGINS_LOADED", False)
        try:
            assert [f.code for f in check(faraday(), select=["FK"], config=Config())] == ["FK101"]
            check(faraday(), config=Config())
            assert calls == ["fake"]
        finally:
            unregister("FK101")

    def test_broken_entry_point(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A plugin that fails to load is a ConfigError naming it."""

        class Broken:
            name = "broken"
            value = "nowhere:rules"

            def load(self) -> Any:
                raise ImportError("no module named nowhere")

        monkeypatch.setattr(registry.metadata, "entry_points", lambda group: [Broken()])
        monkeypatch.setattr(registry, "_PLUGINS_LOADED", False)
        with pytest.raises(ConfigError, match="'broken'"):
            check(faraday(), config=Config())


@st.composite
def peopled_stories(draw: st.DrawFn) -> Story:
    """Generated stories (broken trees, repeated ids) with people, threads and arcs added."""
    story = draw(stories(duplicates=True, broken_works=True))
    people = ["ann", "bob", "cy"]
    roles = st.sampled_from(["present", "dies", "returns", "born", "introduced", "mentioned"])
    events = tuple(
        attrs.evolve(
            event,
            participants=draw(st.dictionaries(st.sampled_from(people), roles, max_size=2)),
            threads=draw(st.lists(st.sampled_from(["t1", "t2"]), max_size=1)),
            resolves=draw(st.lists(st.just("t1"), max_size=1)),
        )
        for event in story.events
    )
    work_ids = [work.id for work in story.works] or ["nowhere"]
    arcs = [
        Arc(f"arc{i}", draw(st.sampled_from(work_ids)), draw(st.sampled_from(work_ids)))
        for i in range(draw(st.integers(0, 2)))
    ]
    return story.evolve(
        events=events,
        entities=tuple(Entity(p, importance="major") for p in people),
        threads=(Thread("t1"), Thread("t2", parent="t1")),
        arcs=tuple(arcs),
    )


class TestRobustness:
    """Property: checking never fails, whatever the story."""

    @given(peopled_stories())
    @settings(max_examples=60)
    def test_check_never_raises(self, story: Story) -> None:
        """Every finding has a registered code, a severity and a message."""
        codes = {r.code for r in catalog()}
        for finding in check(story, select=["PL"], config=Config()).findings:
            assert finding.code in codes
            assert finding.message


class TestCaseOfCodes:
    """Codes match whatever their case."""

    def test_lowercase_select_ignore_and_allow(self) -> None:
        """``pl3``, ``pl301`` and ``allow = ["pl301"]`` work like upper case."""
        assert len(check(faraday(), select="pl3", config=Config())) == 1
        assert check(faraday(), ignore=["pl301"], config=Config()).active == ()
        assert check(faraday(allow=("pl301",)), config=Config()).active == ()


class TestContext:
    """The shared, precomputed views."""

    def test_views(self) -> None:
        """Tree order, leaves, spans, timelines and thread spans."""
        story = Story(
            works=[
                Work("s1", kind="season", number=1),
                Work("s1e02", parent="s1", number=2),
                Work("s1e01", parent="s1", number=1),
                Work("film", kind="film", number=2),
            ],
            threads=[Thread("t")],
            events=[
                Event("b", told_in="s1e02", threads=["t"], participants={"x": "dies"}),
                Event("a", told_in="s1e01", threads=["t"], participants={"x": "present"}),
                Event("c", told_in="film", participants={"x": "mentioned"}),
            ],
        )
        ctx = Context(story)
        assert [w.id for w in ctx.works] == ["s1", "s1e01", "s1e02", "film"]
        assert [w.id for w in ctx.leaves] == ["s1e01", "s1e02", "film"]
        assert ctx.leaf_span["s1"] == (0, 1)
        assert ctx.ancestors["s1e02"] == ("s1",)
        assert [w.id for w in ctx.children[None]] == ["s1", "film"]
        assert [p.event.id for p in ctx.entity_telling["x"]] == ["a", "b", "c"]
        assert ctx.thread_span["t"] == (0, 1)
        assert ctx.telling_pos["b"] == 1
        assert ctx.busy_threads == {"t"}


class TestContextViews:
    """The shared views rules read: appearances gathered lazily, role holders."""

    STORY = Story(
        works=[Work("e1", number=1), Work("e2", number=2)],
        events=[
            Event("b", told_in="e2", participants={"ann": "dies", "bob": "present"}),
            Event("a", told_in="e1", participants={"ann": "introduced"}),
            Event("c", told_in="e2", participants={"bob": "exits", "cy": "mentioned"}),
        ],
    )

    def test_appearances_in_telling_order(self) -> None:
        """Each entity's parts follow the telling; walk gives the same, either way round."""
        ctx = Context(self.STORY)
        parts = ctx.entity_telling["ann"]
        assert [(p.pos, p.event.id, p.role.value) for p in parts] == [
            (0, "a", "introduced"),
            (1, "b", "dies"),
        ]
        assert list(ctx.entity_telling.walk("ann")) == list(parts)
        assert list(ctx.entity_telling.walk("ann", reverse=True)) == list(reversed(parts))
        assert list(ctx.entity_telling.walk("nobody")) == []
        assert list(ctx.entity_telling) == ["ann", "bob", "cy"]
        assert "cy" in ctx.entity_telling
        assert "nobody" not in ctx.entity_telling
        with pytest.raises(KeyError):
            ctx.entity_telling["nobody"]

    def test_role_holders(self) -> None:
        """Who has each role other than present, in any event."""
        ctx = Context(self.STORY)
        assert ctx.holders(Role.DIES, Role.EXITS) == {"ann", "bob"}
        assert ctx.holders(Role.MENTIONED) == {"cy"}
        assert ctx.holders(Role.BORN) == frozenset()
        assert Role.PRESENT not in ctx.role_holders
