"""CSE elections over HTTP: calendar and PAP, lists checked at filing (L2314-30), rounds and quorum (L2314-29), seats
(R2314-19, R2314-20), proclamation into the body's members and representativeness, PV exports, roles."""

from __future__ import annotations

from typing import Any

from tests.api.test_pages import HTML, sign_in
from tests.factories import bearer_headers, make_body, make_organization, make_user
from tests.helpers.problems import assert_problem


def _candidates(prefix: str, sexes: str) -> list[dict[str, str]]:
    return [
        {"full_name": f"{prefix} {i}", "sex": s, "email": f"{prefix.lower()}.{i}@elections.example"}
        for i, s in enumerate(sexes, start=1)
    ]


ELECTION = {
    "title": "Élections du CSE 2026",
    "kind": "renewal",
    "headcount": 80,
    "staff_informed_on": "2026-01-05",
    "unions_invited_on": "2026-01-05",
    "pap_first_meeting_on": "2026-01-26",
    "pap_signed_on": "2026-02-02",
    "pap_negotiators": ["CFDT", "CGT", "FO"],
    "pap_signatories": ["CFDT", "CGT"],
    "round1_on": "2026-03-10",
    "colleges": [
        {"name": "1er collège", "category": "ouvriers_employes", "staff": 60, "women": 40, "men": 20},
        {"name": "2e collège", "category": "techniciens_agents_maitrise", "staff": 20, "women": 8, "men": 12},
    ],
}


async def _file(client: Any, headers: dict[str, str], eid: int, **payload: Any) -> Any:
    body = {"filed_on": "2026-02-16", "round": 1, **payload}
    return await client.post(f"/api/v1/elections/{eid}/lists", headers=headers, json=body)


async def test_from_calendar_to_elected_members(client: Any, settings: Any) -> None:
    secret = settings.secret_key.get_secret_value()
    org = await make_organization(headcount=80)
    cse = await make_body(org, titulaires=0, secretary=True)
    admin = bearer_headers(org.admin, secret=secret)
    assert cse.president is not None and cse.secretary is not None
    direction = bearer_headers(cse.president, secret=secret)

    created = await client.post(
        f"/api/v1/organizations/{org.id}/elections", headers=direction, json={**ELECTION, "body_id": cse.id}
    )
    assert created.status_code == 201, created.text
    election = created.json()
    eid = election["id"]
    # R2314-1: 80 employees → 5 titulaires, split 4 / 1 by staff at the highest average.
    assert election["legal_titulaires"] == 5
    assert [c["titulaires"] for c in election["colleges"]] == [4, 1]
    # L2314-6 without earlier results: the majority in number of the negotiating unions.
    assert election["pap"]["valid"] is True
    steps = {s["key"]: s for s in election["calendar"]}
    assert steps["unions_invited"]["due_by"] == "2026-01-11"  # 15 days before the first PAP meeting (L2314-5)
    assert all(s["problem"] is None for s in election["calendar"])

    # L2314-30 at filing: 2/3 of the college are women.
    bad = await _file(
        client, admin, eid, college="1er collège", kind="titulaires", union="SUD", candidates=_candidates("Sud", "FFM")
    )
    problem = assert_problem(bad, 422, "l2314_30")
    assert "L2314-30" in problem["detail"] and "Alternance" in problem["detail"]
    unbalanced = await _file(
        client, admin, eid, college="1er collège", kind="titulaires", union="SUD", candidates=_candidates("Sud", "MFM")
    )
    assert "Représentation équilibrée" in assert_problem(unbalanced, 422, "l2314_30")["detail"]

    lists: dict[tuple[str, str, str], int] = {}
    for college, kind, union, sexes in [
        ("1er collège", "titulaires", "CFDT", "FMF"),
        ("1er collège", "titulaires", "CGT", "FMF"),
        ("1er collège", "suppleants", "CFDT", "FM"),
        ("1er collège", "suppleants", "CGT", "MF"),
        ("2e collège", "titulaires", "CFDT", "M"),
        ("2e collège", "titulaires", "FO", "F"),
    ]:
        filed = await _file(
            client,
            admin,
            eid,
            college=college,
            kind=kind,
            union=union,
            candidates=_candidates(f"{union}{college[0]}{kind[0]}", sexes),
        )
        assert filed.status_code == 201, filed.text
        lists[(college, kind, union)] = filed.json()["id"]
        assert filed.json()["candidates"][0]["protection"] == {
            "label": "Candidat",
            "article": "L2411-7",
            "starts_on": "2026-02-16",
            "ends_on": "2026-08-16",
        }
    twice = await _file(
        client, admin, eid, college="2e collège", kind="titulaires", union="FO", candidates=_candidates("Fo", "F")
    )
    assert_problem(twice, 409, "list_filed")

    # 1st round, 1st college, titulaires: CFDT's first candidate struck out on 3 ballots of 25 (12 % ≥ 10 %).
    tally = {
        "college": "1er collège",
        "kind": "titulaires",
        "round": 1,
        "registered": 60,
        "voters": 45,
        "blank_null": 3,
        "lists": [
            {"list_id": lists[("1er collège", "titulaires", "CFDT")], "ballots": 25, "ratures": {"1": 3}},
            {"list_id": lists[("1er collège", "titulaires", "CGT")], "ballots": 17},
        ],
    }
    recorded = await client.post(f"/api/v1/elections/{eid}/results", headers=direction, json=tally)
    assert recorded.status_code == 201, recorded.text
    for payload in (
        {
            "college": "1er collège",
            "kind": "suppleants",
            "round": 1,
            "registered": 60,
            "voters": 45,
            "blank_null": 3,
            "lists": [
                {"list_id": lists[("1er collège", "suppleants", "CFDT")], "ballots": 24},
                {"list_id": lists[("1er collège", "suppleants", "CGT")], "ballots": 18},
            ],
        },
        {
            "college": "2e collège",
            "kind": "titulaires",
            "round": 1,
            "registered": 20,
            "voters": 9,
            "blank_null": 1,
            "lists": [
                {"list_id": lists[("2e collège", "titulaires", "CFDT")], "ballots": 5},
                {"list_id": lists[("2e collège", "titulaires", "FO")], "ballots": 3},
            ],
        },
    ):
        assert (
            await client.post(f"/api/v1/elections/{eid}/results", headers=direction, json=payload)
        ).status_code == 201
    detail = (await client.get(f"/api/v1/elections/{eid}", headers=direction)).json()
    # L2314-29: 8 valid votes for 20 registered in the 2nd college: no quorum, a second round.
    assert detail["second_round_needed"] == ["2e collège — titulaires"]
    impossible = await client.post(
        f"/api/v1/elections/{eid}/results",
        headers=direction,
        json={**tally, "round": 2, "lists": []},
    )
    assert_problem(impossible, 422)
    patched = await client.patch(f"/api/v1/elections/{eid}", headers=direction, json={"round2_on": "2026-03-24"})
    assert patched.status_code == 200, patched.text
    round2 = {
        "college": "2e collège",
        "kind": "titulaires",
        "round": 2,
        "registered": 20,
        "voters": 7,
        "blank_null": 1,
        "lists": [
            {"list_id": lists[("2e collège", "titulaires", "CFDT")], "ballots": 2},
            {"list_id": lists[("2e collège", "titulaires", "FO")], "ballots": 4},
        ],
    }
    assert (await client.post(f"/api/v1/elections/{eid}/results", headers=direction, json=round2)).status_code == 201

    seats = (await client.get(f"/api/v1/elections/{eid}/seats", headers=direction)).json()
    first = next(s for s in seats if s["college"] == "1er collège" and s["kind"] == "titulaires")
    # Averages: CFDT (22 + 25 + 25) / 3 = 24, CGT 17; quotient 41 / 4 = 10.25 → 2 and 1; the 4th seat to CGT
    # (17 / 2 = 8.5 beats 24 / 3 = 8).
    assert (first["quotient"], first["by_quotient"], first["by_average"]) == (10.25, {"CFDT": 2, "CGT": 1}, {"CGT": 1})
    supp = next(s for s in seats if s["kind"] == "suppleants")
    assert supp["by_quotient"] == {"CFDT": 2, "CGT": 1} and supp["by_average"] == {"CGT": 1}  # CFDT has no 3rd
    elected = (await client.get(f"/api/v1/elections/{eid}", headers=direction)).json()["elected"]
    cfdt = [
        e["full_name"]
        for e in elected
        if e["union"] == "CFDT" and e["kind"] == "titulaires" and e["college"] == "1er collège"
    ]
    assert cfdt == ["CFDT1t 2", "CFDT1t 3"]  # the struck-out head of list loses her seat (L2314-29)
    second = [e for e in elected if e["college"] == "2e collège"]
    assert [(e["union"], e["round"]) for e in second] == [("FO", 2)]

    results = (await client.get(f"/api/v1/elections/{eid}/results", headers=cse_headers(cse, secret))).json()
    assert len(results) == 4
    pdf = await client.get(f"/api/v1/elections/{eid}/pv.pdf", headers=direction)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    csv = await client.get(f"/api/v1/elections/{eid}/ctep.csv", headers=direction)
    assert csv.text.splitlines()[0].startswith("cerfa;college;tour;inscrits")
    assert "15822;1er collège;1;60;45;3;41,00;CFDT;24,00;2;CFDT1t 2 | CFDT1t 3" in csv.text

    proclaimed = await client.post(f"/api/v1/elections/{eid}/proclamation", headers=direction)
    assert proclaimed.status_code == 201, proclaimed.text
    assert proclaimed.json()["members_added"] == 9
    scores = (
        await client.get(
            f"/api/v1/election-results/{proclaimed.json()['representativeness_result_id']}", headers=direction
        )
    ).json()
    assert {s["union"]: s["representative"] for s in scores["scores"]} == {
        "CFDT": True,
        "CGT": True,
        "FO": False,
    }  # FO: 3 of 49 in the 1st round
    members = (await client.get(f"/api/v1/bodies/{cse.id}/members", headers=admin)).json()["items"]
    member = next(m for m in members if m.get("union_name") == "FO")
    assert (member["role"], member["category"], member["votes_obtained"]) == (
        "titular",
        "techniciens_agents_maitrise",
        4,
    )
    assert (member["mandate_start"], member["mandate_end"]) == ("2026-03-24", "2030-03-23")
    closed = await _file(
        client, admin, eid, college="2e collège", kind="suppleants", union="FO", candidates=_candidates("Late", "F")
    )
    assert_problem(closed, 409, "election_proclaimed")


def cse_headers(cse: Any, secret: str) -> dict[str, str]:
    assert cse.secretary is not None
    return bearer_headers(cse.secretary, secret=secret)


async def test_roles_elus_read_unions_read_others_refused(client: Any, settings: Any) -> None:
    secret = settings.secret_key.get_secret_value()
    org = await make_organization(headcount=40)
    cse = await make_body(org, titulaires=1)
    admin = bearer_headers(org.admin, secret=secret)
    created = await client.post(
        f"/api/v1/organizations/{org.id}/elections",
        headers=admin,
        json={
            **ELECTION,
            "headcount": 40,
            "colleges": [
                {"name": "Collège unique", "category": "ouvriers_employes", "staff": 40, "women": 30, "men": 10}
            ],
        },
    )
    assert created.status_code == 201, created.text
    eid = created.json()["id"]
    elu = cse_headers(cse, secret)
    assert (await client.get(f"/api/v1/elections/{eid}", headers=elu)).status_code == 200
    refused = await _file(
        client, elu, eid, college="Collège unique", kind="titulaires", union="CGT", candidates=_candidates("X", "F")
    )
    assert_problem(refused, 403)
    stranger = bearer_headers(await make_user(org), secret=secret)
    assert_problem(await client.get(f"/api/v1/elections/{eid}", headers=stranger), 403)
    other = await make_organization()
    other_admin = bearer_headers(other.admin, secret=secret)
    assert_problem(await client.get(f"/api/v1/elections/{eid}", headers=other_admin), 404)
    assert_problem(await client.get(f"/api/v1/organizations/{org.id}/elections", headers=other_admin), 404)
    assert_problem(await client.post(f"/api/v1/elections/{eid}/proclamation", headers=other_admin), 404)
    # A partial election needs the end of the mandates in progress (L2314-10).
    partial = await client.post(
        f"/api/v1/organizations/{org.id}/elections", headers=admin, json={**ELECTION, "kind": "partial"}
    )
    assert_problem(partial, 422)


async def test_bad_results_are_422_never_500(client: Any, settings: Any) -> None:
    secret = settings.secret_key.get_secret_value()
    org = await make_organization(headcount=40)
    admin = bearer_headers(org.admin, secret=secret)
    eid = (
        await client.post(
            f"/api/v1/organizations/{org.id}/elections",
            headers=admin,
            json={
                **ELECTION,
                "headcount": 40,
                "colleges": [{"name": "Unique", "category": "ouvriers_employes", "staff": 40, "women": 20, "men": 20}],
            },
        )
    ).json()["id"]
    filed = await _file(
        client, admin, eid, college="Unique", kind="titulaires", union="CGT", candidates=_candidates("Y", "FM")
    )
    assert filed.status_code == 201, filed.text
    too_many = {
        "college": "Unique",
        "kind": "titulaires",
        "registered": 40,
        "voters": 50,
        "lists": [{"list_id": filed.json()["id"], "ballots": 60, "ratures": {"7": 1}}],
    }
    body = assert_problem(await client.post(f"/api/v1/elections/{eid}/results", headers=admin, json=too_many), 422)
    assert {e["field"] for e in body["errors"]} >= {"voters", "lists[0].ratures", "lists"}
    unknown = await _file(
        client, admin, eid, college="Cadres", kind="titulaires", union="CGT", candidates=_candidates("Z", "F")
    )
    assert_problem(unknown, 422)


async def test_demo_election_gives_the_demo_members(client: Any, auth: Any) -> None:
    """The demo's 2024 election (two colleges, a 2nd round in the 2nd) elects exactly the CSE's élus, with their
    union and votes; the SESSAD's partial election its two titulaires and two suppléants."""
    headers = await auth("direction@demo.example")
    me = (await client.get("/api/v1/me", headers=headers)).json()
    elections = (await client.get(f"/api/v1/organizations/{me['organization_id']}/elections", headers=headers)).json()
    main = next(e for e in elections if e["title"] == "Élections du CSE 2024")
    partial = next(e for e in elections if e["kind"] == "partial")
    assert main["pap"]["valid"] is True
    assert main["second_round_needed"] == [
        "2e collège — techniciens, agents de maîtrise et cadres — titulaires",
        "2e collège — techniciens, agents de maîtrise et cadres — suppléants",
    ]
    assert (main["mandate_start"], main["representativeness_result_id"] is not None) == ("2024-03-18", True)
    members = (await client.get(f"/api/v1/bodies/{main['body_id']}/members", headers=headers)).json()["items"]
    seated = {
        (
            m["full_name"],
            m["union_name"],
            m["votes_obtained"],
            "titulaires" if m["role"] != "substitute" else "suppleants",
        )
        for m in members
        if m["college"] == "elus" and m["role"] != "union_representative"
    }
    assert {(e["full_name"], e["union"], e["votes"], e["kind"]) for e in main["elected"]} == seated
    assert sorted(e["full_name"] for e in partial["elected"]) == [
        "Ludivine Caron",
        "Manon Leroy",
        "Samir Khelifi",
        "Yannick Brun",
    ]


async def test_election_pages_for_the_elu_and_404_for_another_organisation(client: Any, auth: Any) -> None:
    headers = await auth("direction@demo.example")
    me = (await client.get("/api/v1/me", headers=headers)).json()
    elections = (await client.get(f"/api/v1/organizations/{me['organization_id']}/elections", headers=headers)).json()
    main = next(e for e in elections if e["title"] == "Élections du CSE 2024")
    await sign_in(client, "elu@demo.example")
    listing = await client.get("/elections", headers=HTML)
    assert (
        listing.status_code == 200 and 'href="/elections"' in listing.text and "Élections du CSE 2024" in listing.text
    )
    page = await client.get(f"/elections/{main['id']}", headers=HTML)
    assert page.status_code == 200
    assert "Quotient électoral puis plus forte moyenne (R2314-19, R2314-20)." in page.text
    assert "Camille Lefèvre" in page.text and "L2411-5" in page.text
    await sign_in(client, "admin@voisine.example")
    assert (await client.get(f"/elections/{main['id']}", headers=HTML)).status_code == 404
