"""Analysis commands: ``analyze`` and ``whatif`` (issue 3 items 7, 8).

Both read the whole network from the store, build the graph once and call the pure
functions of :mod:`graphmap.analysis`; the clock is read here, never in analysis.
Bad parameters (unknown area, unreadable reference or scenario file, bad change)
exit with code 2 and say which file, change and field.  The commands' and options'
help texts are in the catalogue (``cli.help.<command>``, :mod:`.helptext`).
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from ..i18n import capitalised, translate
from ..i18n.failure import reason
from ..i18n.message import Message
from ..model import localised
from .common import (cli_lang, emit_json, fail, format_option, get_store, lang_option, message,
                     os_failure, progress, shown, store_option)
from .helptext import argument, command

#: the metrics the text output shows, in order (labels: ``metric.*`` in the catalogue)
METRICS = ("units", "roles", "links", "density", "reciprocity", "components",
           "degree_centralization", "mean_path_length", "cross_sector_share",
           "cross_level_share", "fragmentation", "key_player_fragmentation")
#: what-if report sections: result key → catalogue key of the heading (as on the page)
WHATIF_SECTIONS = (("new_gateways", "whatif.new_gateways"), ("new_isolated", "whatif.new_isolated"),
                   ("resolved_findings", "whatif.resolved_findings"),
                   ("new_findings", "whatif.new_findings"))


def severity_heading(severity: str, lang: str) -> str:
    """"Vakava" — the page's severity word (``severity.*``) as a heading."""
    return capitalised(translate(f"severity.{severity}", lang))


def _metric(key: str, lang: str) -> str:
    return translate(f"metric.{key}", lang)


area_option = click.option("--area")
reference_option = click.option("--reference", "reference_path", type=click.Path(dir_okay=False))
today_option = click.option("--today")


def _today(text):
    if text is None:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise click.UsageError(message("date", param="--today", value=shown(text))) from None
    if day.year < 1900:  # months before it reach year 0, which has no date
        raise fail("date_range", param="--today", value=shown(text))
    return day


def _reference(path):
    from ..analysis import load_reference
    from ..model import ValidationError
    try:
        return load_reference(path)
    except ValidationError as exc:
        raise click.BadParameter("\n".join(f"{p.key or path}: {p.field + ': ' if p.field else ''}"
                                           f"{localised(p.message, cli_lang())}"
                                           for p in exc.problems),
                                 param_hint="--reference") from None


def _graph(store_url):
    from ..graph import build_graph
    return build_graph(get_store(store_url).read())


def _fmt(value):
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _metrics_line(metrics, lang):
    if not metrics:
        return ""
    return " · ".join(f"{_metric(k, lang)} {_fmt(metrics[k])}" for k in METRICS if k in metrics)


def _findings_text(findings, lang, indent="  "):
    lines = []
    for severity in ("high", "medium", "low"):
        group = [f for f in findings if f["severity"] == severity]
        if group:
            lines.append(f"{indent}{severity_heading(severity, lang)} ({len(group)})")
            lines += [f"{indent}  - {f['message']}" for f in group]
    return lines


def analysis_text(result, lang) -> str:
    """Grouped by area, severity first."""
    lines = []
    for area, info in result["areas"].items():
        lines.append(f"{info['name']} ({area})")
        if info["metrics"]:
            lines.append("  " + _metrics_line(info["metrics"], lang))
        found = [f for f in result["findings"] if f["area"] == area]
        lines += _findings_text(found, lang) or ["  " + translate("findings.none", lang)]
        lines.append("")
    others = [f for f in result["findings"] if f["area"] not in result["areas"]]
    if others:
        lines.append(translate("cli.analysis.cross_area", lang))
        lines += _findings_text(others, lang)
    return "\n".join(lines).rstrip() + "\n"


@command("analyze")
@area_option
@reference_option
@click.option("--stale-months", type=click.IntRange(min=1, max=1200), default=12, show_default=True)
@today_option
@lang_option
@format_option
@store_option
def analyze_cmd(area, reference_path, stale_months, today, lang, fmt, store_url):
    from ..analysis import analyze
    from ..analysis.engine import family_centre_area_count
    from ..model import ValidationError
    day = _today(today)
    reference = _reference(reference_path)
    g = _graph(store_url)
    try:
        with progress("analyze", 1 if area else family_centre_area_count(g)) as bar:
            result = analyze(g, area, reference=reference, today=day,
                             stale_months=stale_months, lang=lang,
                             progress=lambda a: bar.update(1, a))
    except ValidationError as exc:
        raise click.BadParameter("; ".join(localised(p.message, lang) for p in exc.problems),
                                 param_hint="--area") from None
    if fmt == "json":
        emit_json(result)
    else:
        click.echo(analysis_text(result, lang), nl=False)


def read_scenario(path: str) -> dict:
    """A YAML or JSON scenario file (YAML is a superset of JSON)."""
    import yaml
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except UnicodeDecodeError:  # a binary file given by mistake: one line, not a traceback
        raise fail("not_text", path=path) from None
    except OSError as exc:
        raise os_failure(exc, path) from None
    try:
        data = json.loads(text) if p.suffix.lower() == ".json" else yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise _bad_scenario(f"{path}: " + localised(Message(
            "json_invalid", error=reason(exc), line=exc.lineno, column=exc.colno),
            cli_lang())) from None
    except yaml.YAMLError as exc:  # its own words are English: where it is, in ours
        mark = getattr(exc, "problem_mark", None)
        raise _bad_scenario(f"{path}: " + localised(Message(
            "yaml_invalid", line=mark.line + 1 if mark else "?",
            column=mark.column + 1 if mark else "?"), cli_lang())) from None
    return data


def _bad_scenario(text: str) -> click.BadParameter:
    """A scenario file's problem, named by the argument as the usage line names it."""
    ctx = click.get_current_context(silent=True)
    param = next((p for p in ctx.command.params if p.name == "scenario_file"), None) \
        if ctx is not None else None
    hint = param.get_error_hint(ctx) if param is not None else None
    return click.BadParameter(text, param_hint=hint)


def whatif_text(result, lang) -> str:
    """The what-if report as text, with the page's headings (``whatif.*``)."""
    t = lambda key: translate(key, lang)  # noqa: E731
    lines = [f"{t('whatif.scenario')}: {result['scenario']}",
             f"{t('cli.analysis.areas')}: {', '.join(result['areas'])}", ""]
    lines.append(f"{t('whatif.lost_paths')} ({len(result['lost_paths'])})")
    lines += [f"  - {p['source_name']} → {p['target_name']} ({p['area']})"
              for p in result["lost_paths"]]
    for key, heading in WHATIF_SECTIONS:
        items = result[key]
        lines.append(f"{t(heading)} ({len(items)})")
        lines += [f"  - {f['message']}" for f in items]
    changed_findings = result.get("changed_findings", [])
    lines.append(f"{t('whatif.changed_findings')} ({len(changed_findings)})")
    lines += [f"  - {c['before']['message']} → {c['after']['message']}" for c in changed_findings]
    lines.append(t("whatif.metrics"))
    for area, m in result["metrics"].items():
        before, after = m["before"] or {}, m["after"] or {}
        changed = [f"{_metric(k, lang)} {_fmt(before.get(k, '–'))} → {_fmt(after.get(k, '–'))}"
                   for k in METRICS if before.get(k) != after.get(k)]
        lines.append(f"  {area}: " + ("; ".join(changed) if changed else "="))
    return "\n".join(lines) + "\n"


@command("whatif")
@argument("scenario_file")
@reference_option
@today_option
@lang_option
@format_option
@store_option
def whatif_cmd(scenario_file, reference_path, today, lang, fmt, store_url):
    from ..analysis import whatif
    from ..model import ValidationError
    scenario = read_scenario(scenario_file)
    day = _today(today)
    reference = _reference(reference_path)
    g = _graph(store_url)
    try:
        result = whatif(g, scenario, reference=reference, today=day, lang=lang)
    except ValidationError as exc:
        raise _bad_scenario("\n".join(
            f"{scenario_file}: {p.field + ': ' if p.field else ''}{localised(p.message, lang)}"
            for p in exc.problems)) from None
    if fmt == "json":
        emit_json(result)
    else:
        click.echo(whatif_text(result, lang), nl=False)


def rounds_text(rounds, diff, net, lang) -> str:
    """Survey rounds and their comparison as text, with the page's words (``rounds.*``)."""
    t = lambda key: translate(key, lang)  # noqa: E731
    name = lambda n: (net.units[n].name if n in net.units  # noqa: E731
                      else net.roles[n].title if n in net.roles else n)
    lines = [f"{t('rounds.title')}:"] + [
        f"  {r['id']} ({r['date'] or '–'}): {r['links']} {t('cli.rounds.links')}" for r in rounds]
    if diff:
        for key in ("gained", "lost", "strengthened", "weakened"):
            lines.append(f"{t('rounds.' + key)} ({len(diff[key])})")
            lines += [f"  - {name(x['source'])} → {name(x['target'])}" for x in diff[key]]
        lines.append(f"{t('rounds.metrics')} ({t('rounds.before').lower()} → "
                     f"{t('rounds.after').lower()})")
        for area, m in diff["metrics"].items():
            area_name = net.areas[area].name if area in net.areas else area
            parts = []
            for key in ("links", "density", "degree_centralization", "trust", "value"):
                a, b = ((m[side] or {}).get(key) for side in ("before", "after"))
                parts.append(f"{_metric(key, lang)} {_fmt(a) if a is not None else '–'} → "
                             f"{_fmt(b) if b is not None else '–'}")
            lines.append(f"  {area_name}: " + "; ".join(parts))
    return "\n".join(lines) + "\n"


@command("rounds")
@click.option("--from", "first")
@click.option("--to", "second")
@area_option
@lang_option
@format_option
@store_option
def rounds_cmd(first, second, area, lang, fmt, store_url):
    from ..analysis.rounds import compare_rounds, load_round_states, rounds_list
    store = get_store(store_url)
    net = store.read()
    states = load_round_states(store, net)
    rounds = rounds_list(states)
    known = ", ".join(r["id"] for r in rounds) or "–"
    for rid in (first, second):
        if rid is not None and rid not in states:
            raise fail("rounds_unknown", value=shown(rid), known=known)
    if area is not None and area not in net.areas:
        raise fail("rounds_area", value=shown(area))
    diff = None
    if first or second or len(rounds) >= 2:
        ids = [r["id"] for r in rounds]
        if len(ids) < 2:
            raise fail("rounds_need_two", known=known)
        second = second or ids[-1]
        first = first or [i for i in ids if i != second][-1]
        diff = compare_rounds(net, states, first, second, area=area)
    if fmt == "json":
        emit_json({"rounds": rounds, "comparison": diff})
    else:
        click.echo(rounds_text(rounds, diff, net, lang), nl=False)


def register(group: click.Group) -> None:
    for cmd in (analyze_cmd, whatif_cmd, rounds_cmd):
        group.add_command(cmd)
