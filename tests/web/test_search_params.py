"""One check of the who-to-call parameters (issue 12 item 5): the web, the command line
and the index accept and refuse the same values, with the same limits, and say why in
the user's language.  The real app, the real CLI and the real index on the test store."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from graphmap.cli import main
from graphmap.graph import build_graph
from graphmap.search import SearchError, build_index
from graphmap.search.params import MAX_AGE, MAX_LIMIT, MAX_TEXT
from graphmap.web.i18n import catalogue

#: (parameter of the index, its web name, its CLI option, a value just inside the limit,
#: one just outside)
EDGES = [
    ("text", "q", None, "perheohjaus " + "x" * (MAX_TEXT - 12), "x" * (MAX_TEXT + 1)),
    ("age", "age", "--age", MAX_AGE, MAX_AGE + 1),
    ("limit", "limit", "--limit", MAX_LIMIT, MAX_LIMIT + 1),
]


@pytest.fixture
def index(web_store):
    return build_index(build_graph(web_store.read()))


def _web(client, text, **params):
    query = "&".join(f"{k}={v}" for k, v in {"q": text, "lang": "en", **params}.items())
    return client.get(f"/api/search?{query}")


def _cli(store_url, text, *options):
    return CliRunner().invoke(main, ["who-to-call", text, *options, "--store", store_url,
                                     "--lang", "en"])


@pytest.mark.parametrize("param, web_name, option, inside, outside", EDGES)
def test_web_cli_and_index_share_the_limits(client, index, store_url, param, web_name,
                                            option, inside, outside):
    def kwargs(value):
        return ({"text": value} if param == "text" else
                {"text": "perheohjaus", param: value})

    # just inside: all three answer
    assert "results" in index.who_to_call(**kwargs(inside))
    r = _web(client, **({"text": inside} if param == "text" else
                        {"text": "perheohjaus", web_name: inside}))
    assert r.status_code == 200, r.get_json()
    args = [inside] if option is None else ["perheohjaus", option, str(inside)]
    assert _cli(store_url, *args).exit_code == 0
    # just outside: all three refuse, naming the parameter
    with pytest.raises(SearchError) as err:
        index.who_to_call(**kwargs(outside))
    assert err.value.param == param and err.value.status == 400
    r = _web(client, **({"text": outside} if param == "text" else
                        {"text": "perheohjaus", web_name: outside}))
    assert r.status_code == 400 and r.get_json()["param"] == web_name
    assert r.get_json()["error"] == str(err.value)  # the same words
    args = [outside] if option is None else ["perheohjaus", option, str(outside)]
    result = _cli(store_url, *args)
    assert result.exit_code == 2 and str(err.value) in result.stderr


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_search_errors_speak_the_users_language(client, lang):
    r = client.get(f"/api/search?q=uni&age={MAX_AGE + 1}&lang={lang}")
    expected = catalogue(lang)["search.error_age"].format(low=0, high=MAX_AGE,
                                                          value=f"'{MAX_AGE + 1}'")
    assert r.status_code == 400 and r.get_json() == {"error": expected, "status": 400,
                                                      "param": "age"}
    r = client.get(f"/api/search?q=uni&area=koivul&lang={lang}")
    assert r.status_code == 404 and "'koivula'" in r.get_json()["error"]
    assert r.get_json()["error"] == catalogue(lang)["search.error_area_hint"].format(
        value="'koivul'", hint="'koivula'")


def test_the_page_refuses_a_bad_age_before_any_question(client):
    """The search page without a question still checks the rest (the same check)."""
    r = client.get(f"/search?age={MAX_AGE + 1}")
    assert r.status_code == 400
    assert catalogue("fi")["search.error_age"].split("{")[0] in r.get_data(as_text=True)
