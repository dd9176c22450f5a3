"""Ballot counting for every shipped voting method, on small elections worked out by hand."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest

from vizlou.services.voting.methods.approval import ApprovalResult
from vizlou.services.voting.methods.base import Standing
from vizlou.services.voting.methods.budget import BudgetResult
from vizlou.services.voting.methods.pairwise import PairwiseResult
from vizlou.services.voting.methods.ranked import (
    BordaResult,
    RankedResult,
    borda_count,
    rankings_of_choices,
    runoff,
)
from vizlou.services.voting.methods.single import SingleResult
from vizlou.services.voting.tally import tally


def single_tally(ids, choices):
    return tally("single", ids, choices)


def approval_tally(ids, choices):
    return tally("approval", ids, choices)


def budget_tally(ids, choices, total=None):
    return tally("budget", ids, choices, total=total)


def pairwise_tally(ids, choices):
    return tally("pairwise", ids, choices)


def instant_runoff(ids, choices):
    return runoff(ids, rankings_of_choices(ids, choices))


def borda(ids, choices):
    return borda_count(ids, rankings_of_choices(ids, choices))

# Option ids that are not list positions, so an index mix-up shows.
A, B, C, D, E = 11, 22, 33, 44, 55
UNKNOWN = 99


def ranked(*rankings, times=1):
    return [{"ranking": list(r)} for r in rankings] * times


def standings(result_ranking):
    return [(s.option, s.position, s.score) for s in result_ranking]


def rounds_of(result):
    return [(r.number, r.counts, r.exhausted, r.eliminated, r.reason) for r in result.rounds]


# Single choice ---------------------------------------------------------------------------


def test_single_counts_with_a_tie_and_blank_ballots():
    choices = ([{"option": A}] * 3 + [{"option": B}] * 3 + [{"option": C}]
               + [{"option": UNKNOWN}, {"option": True}, {}, "junk", {"option": str(C)}])
    result = single_tally([A, B, C], choices)
    assert result == SingleResult(ballots=12, blank=4, counts={A: 3, B: 3, C: 2},
                                  winners=[A, B])


def test_single_clear_winner():
    result = single_tally([A, B], [{"option": B}, {"option": B}, {"option": A}])
    assert result.counts == {A: 1, B: 2}
    assert result.winners == [B]


# Approval --------------------------------------------------------------------------------


def test_approval_with_a_tie_duplicates_and_unknown_ids():
    choices = [
        {"options": [A, B]},
        {"options": [B, C, B]},  # B once
        {"options": [A, UNKNOWN]},  # A only
        {"options": [UNKNOWN]},  # blank
        {"options": []},  # blank
    ]
    result = approval_tally([A, B, C], choices)
    assert result == ApprovalResult(
        ballots=5, blank=2, approvals={A: 2, B: 2, C: 1},
        shares={A: 0.4, B: 0.4, C: 0.2}, winners=[A, B])


# Instant runoff --------------------------------------------------------------------------


def test_irv_first_round_leader_loses_over_three_rounds_with_exhausted_ballots():
    choices = (ranked([A], times=8) + ranked([B, C], times=4) + ranked([B], times=2)
               + ranked([C, B], times=5) + ranked([D, C], times=2) + ranked([]))
    result = instant_runoff([A, B, C, D], choices)
    assert result.ballots == 22
    assert rounds_of(result) == [
        # 21 ballots live, 11 needed: D goes
        (1, {A: 8, B: 6, C: 5, D: 2}, 1, [D], "fewest_votes"),
        # D's two go to C; still 21 live: B goes
        (2, {A: 8, B: 6, C: 7}, 1, [B], "fewest_votes"),
        # four B ballots go to C, two exhaust: 19 live, C has 11 of them
        (3, {A: 8, C: 11}, 3, [], "majority"),
    ]
    assert result.winner == C
    assert result.tied == []


def test_irv_elimination_tie_broken_by_first_preferences():
    choices = (ranked([A], times=6) + ranked([B, C], times=4) + ranked([C, A], times=3)
               + ranked([D, C, A]))
    result = instant_runoff([A, B, C, D], choices)
    assert rounds_of(result) == [
        (1, {A: 6, B: 4, C: 3, D: 1}, 0, [D], "fewest_votes"),
        # B and C tie on 4; C had fewer first preferences (3 against 4)
        (2, {A: 6, B: 4, C: 4}, 0, [C], "fewest_first_preferences"),
        (3, {A: 10, B: 4}, 0, [], "majority"),
    ]
    assert result.winner == A


def test_irv_elimination_tie_broken_by_an_earlier_round():
    choices = (ranked([A], times=7) + ranked([B], times=3) + ranked([C], times=3)
               + ranked([D, B]) + ranked([D]) + ranked([E, C]))
    result = instant_runoff([A, B, C, D, E], choices)
    assert rounds_of(result) == [
        (1, {A: 7, B: 3, C: 3, D: 2, E: 1}, 0, [E], "fewest_votes"),
        (2, {A: 7, B: 3, C: 4, D: 2}, 0, [D], "fewest_votes"),
        # B and C tie on 4 with 3 first preferences each; in round 2 B had 3, C had 4
        (3, {A: 7, B: 4, C: 4}, 1, [B], "fewest_votes_in_earlier_round"),
        # B's four ballots exhaust (five in all): A has 7 of 11 live
        (4, {A: 7, C: 4}, 5, [], "majority"),
    ]
    assert result.winner == A


def test_irv_zero_vote_options_go_together_then_a_final_tie():
    choices = ranked([A], [A, UNKNOWN], [B], [B, A, B])  # [B, A, B] is [B, A]
    result = instant_runoff([A, B, C, D], choices)
    assert rounds_of(result) == [
        (1, {A: 2, B: 2, C: 0, D: 0}, 0, [C, D], "tied_eliminated_together"),
        (2, {A: 2, B: 2}, 0, [], "tie"),
    ]
    assert result.winner is None
    assert result.tied == [A, B]


def test_irv_unknown_ids_and_bad_shapes_are_skipped():
    choices = [{"ranking": [UNKNOWN, B, A]}, {"ranking": [A]}, {"ranking": "A"}, {"option": A},
               {"ranking": [str(B)]}]
    result = instant_runoff([A, B], choices)
    # B, A, exhausted, exhausted, B: B has 2 of 3 live ballots
    assert rounds_of(result) == [(1, {A: 1, B: 2}, 2, [], "majority")]
    assert result.winner == B


# Borda -----------------------------------------------------------------------------------


def test_truncated_borda_with_partial_rankings():
    choices = ranked(
        [A, B, C, D],  # A 3, B 2, C 1, D 0
        [B, A],  # B 3, A 2
        [C],  # C 3
        [D, UNKNOWN, C, D],  # read as [D, C]: D 3, C 2
        [],  # nothing
    )
    result = borda([A, B, C, D], choices)
    assert result == BordaResult(
        ballots=5, points={A: 5, B: 5, C: 6, D: 3},
        ranking=[Standing(C, 1, 6), Standing(A, 2, 5), Standing(B, 2, 5), Standing(D, 4, 3)],
        winners=[C])


# Budget ----------------------------------------------------------------------------------


def test_budget_ignores_an_over_budget_ballot_and_bad_amounts():
    choices = [
        {"allocation": {str(A): 5, str(B): 5}},
        {"allocation": {str(A): 2, str(C): 8}},
        {"allocation": {str(A): 8, str(B): 8}},  # 16 > 10: ignored
        {"allocation": {str(B): -3, str(C): 4, str(UNKNOWN): 2}},  # -3 and 99 dropped
        {"allocation": {str(C): math.nan, str(A): 1, str(B): True}},  # only A counts
        {"allocation": {str(C): 6, str(UNKNOWN): 6}},  # 12 as cast: ignored
    ]
    result = budget_tally([A, B, C], choices, total=10)
    assert result == BudgetResult(
        ballots=4, ignored=2, budget_total=10, allocated=25.0,
        sums={A: 8.0, B: 5.0, C: 12.0}, means={A: 2.0, B: 1.25, C: 3.0},
        shares={A: 0.32, B: 0.2, C: 0.48}, winners=[C])


def test_budget_without_a_total_counts_every_ballot():
    choices = [{"allocation": {str(A): 30}}, {"allocation": {A: 0.5, str(B): math.inf}}]
    result = budget_tally([A, B], choices)
    assert (result.ballots, result.ignored) == (2, 0)
    assert result.sums == {A: 30.5, B: 0.0}
    assert result.winners == [A]


# Pairwise --------------------------------------------------------------------------------


def test_pairwise_condorcet_cycle_ranks_everyone_equal():
    choices = [{"pairs": [[A, B, A], [B, C, B], [C, A, C]]}]
    result = pairwise_tally([A, B, C], choices)
    assert result.wins == {A: {B: 1, C: 0}, B: {A: 0, C: 1}, C: {A: 1, B: 0}}
    assert result.comparisons == {A: 2, B: 2, C: 2}
    assert result.win_rates == {A: 0.5, B: 0.5, C: 0.5}
    assert result.copeland == {A: 1, B: 1, C: 1}
    assert result.condorcet_winner is None
    assert result.strengths == {A: 0.333333, B: 0.333333, C: 0.333333}
    assert standings(result.ranking) == [(A, 1, 0.5), (B, 1, 0.5), (C, 1, 0.5)]
    assert [s.position for s in result.strength_ranking] == [1, 1, 1]


def test_pairwise_clear_winner_and_ignored_comparisons():
    choices = [
        {"pairs": [[A, B, A], [A, C, A], [B, C, B]]},
        {"pairs": [[B, A, A], [C, B, B], [C, A, A],
                   [A, A, A], [A, B, C], [A, UNKNOWN, A], [A, B], "junk"]},
    ]
    result = pairwise_tally([A, B, C], choices)
    assert (result.ballots, result.comparisons_counted, result.comparisons_ignored) == (2, 6, 5)
    assert result.wins == {A: {B: 2, C: 2}, B: {A: 0, C: 2}, C: {A: 0, B: 0}}
    assert result.comparisons == {A: 4, B: 4, C: 4}
    assert result.win_rates == {A: 1.0, B: 0.5, C: 0.0}
    assert result.copeland == {A: 2, B: 1, C: 0}
    assert result.condorcet_winner == A
    assert standings(result.ranking) == [(A, 1, 1.0), (B, 2, 0.5), (C, 3, 0.0)]
    assert [s.option for s in result.strength_ranking] == [A, B, C]
    # The fit satisfies the Bradley-Terry likelihood equations with the prior added:
    # wins_i + 2 = sum over j of games_ij * p_i / (p_i + p_j), with games_ij = 2 + 2.
    p = result.strengths
    for i, won in ((A, 4), (B, 2), (C, 0)):
        expected = sum(4 * p[i] / (p[i] + p[j]) for j in (A, B, C) if j != i)
        assert expected == pytest.approx(won + 2, abs=1e-4)
    assert sum(p.values()) == pytest.approx(1.0, abs=1e-5)


def test_bradley_terry_two_options_by_hand():
    # A beat B three times; with one virtual win each way A has 4 wins to B's 1: p_A = 4/5.
    result = pairwise_tally([A, B], [{"pairs": [[A, B, A]] * 3}])
    assert result.strengths == {A: 0.8, B: 0.2}
    assert result.copeland == {A: 1, B: 0}
    assert result.condorcet_winner == A


def test_pairwise_options_never_compared_go_last():
    result = pairwise_tally([A, B, C], [{"pairs": [[B, C, C]]}])
    assert result.win_rates == {A: None, B: 0.0, C: 1.0}
    assert standings(result.ranking) == [(C, 1, 1.0), (B, 2, 0.0), (A, 3, None)]
    assert result.condorcet_winner is None  # nobody beat A


# Empty input -----------------------------------------------------------------------------


def test_empty_single():
    assert single_tally([A, B], []) == SingleResult(0, 0, {A: 0, B: 0}, [])


def test_empty_approval():
    assert approval_tally([A, B], []) == ApprovalResult(0, 0, {A: 0, B: 0}, {A: 0.0, B: 0.0}, [])


def test_empty_instant_runoff():
    result = instant_runoff([A, B], [])
    assert rounds_of(result) == [(1, {A: 0, B: 0}, 0, [], "no_votes")]
    assert (result.ballots, result.winner, result.tied) == (0, None, [])


def test_instant_runoff_with_only_blank_ballots():
    result = instant_runoff([A, B], ranked([], [UNKNOWN]))
    assert rounds_of(result) == [(1, {A: 0, B: 0}, 2, [], "no_votes")]
    assert result.winner is None


def test_empty_borda():
    result = borda([A, B], [])
    assert result.points == {A: 0, B: 0}
    assert result.winners == []
    assert standings(result.ranking) == [(A, 1, 0), (B, 1, 0)]


def test_empty_budget():
    result = budget_tally([A, B], [], total=10)
    assert result == BudgetResult(0, 0, 10, 0.0, {A: 0.0, B: 0.0}, {A: 0.0, B: 0.0},
                                  {A: 0.0, B: 0.0}, [])


def test_empty_pairwise():
    result = pairwise_tally([A, B], [])
    assert result.wins == {A: {B: 0}, B: {A: 0}}
    assert result.comparisons == {A: 0, B: 0}
    assert result.win_rates == {A: None, B: None}
    assert result.copeland == {A: 0, B: 0}
    assert result.strengths == {A: 0.5, B: 0.5}
    assert result.condorcet_winner is None
    assert [s.position for s in result.ranking] == [1, 1]


# Dispatcher and serialisation ------------------------------------------------------------


def test_dispatcher_ranked_gives_runoff_and_borda_from_one_pass_of_a_generator():
    choices = (c for c in ranked([A, B], [B, A], [B]))
    result = tally("ranked", [A, B], choices)
    assert isinstance(result, RankedResult)
    assert result.instant_runoff.winner == B
    assert result.borda.points == {A: 1, B: 2}


@pytest.mark.parametrize(("method", "choice", "kind"), [
    ("single", {"option": A}, SingleResult),
    ("approval", {"options": [A]}, ApprovalResult),
    ("budget", {"allocation": {str(A): 1}}, BudgetResult),
    ("pairwise", {"pairs": [[A, B, A]]}, PairwiseResult),
])
def test_dispatcher_picks_the_method(method, choice, kind):
    result = tally(method, [A, B], [choice])
    assert isinstance(result, kind)
    assert json.loads(json.dumps(result.to_dict()))["ballots"] == 1


def test_dispatcher_passes_the_budget_total():
    result = tally("budget", [A, B], [{"allocation": {str(A): 11}}], total=10)
    assert (result.ballots, result.ignored) == (0, 1)


def test_dispatcher_refuses_an_unknown_method():
    with pytest.raises(ValueError, match="unknown voting method"):
        tally("plurality", [A, B], [])


def test_to_dict_is_plain_and_nested():
    result = tally("ranked", [A, B], ranked([A], [A], [B]))
    data = result.to_dict()
    assert data["instant_runoff"]["rounds"][0] == {
        "number": 1, "counts": {A: 2, B: 1}, "exhausted": 0, "eliminated": [],
        "reason": "majority"}
    assert data["borda"]["ranking"][0] == {"option": A, "position": 1, "score": 2}
    assert json.loads(json.dumps(data))["instant_runoff"]["winner"] == A



@pytest.mark.parametrize("method", ["single", "approval", "ranked", "budget", "pairwise"])
def test_to_dict_is_what_asdict_gives(method):
    """``to_dict`` skips ``asdict``'s deep copies and must give the same thing."""
    result = tally(method, [A, B, C], MIXED[method], **({"total": 10} if method == "budget"
                                                       else {}))
    assert result.to_dict() == dataclasses.asdict(result)


# Counted ballots ---------------------------------------------------------------------------

MIXED = {  # per method: ballots of every shape, valid, partial, blank and broken
    "single": [{"option": A}, {"option": B}, {"option": str(C)}, {"option": UNKNOWN}, {}, None],
    "approval": [{"options": [A, B]}, {"options": [C]}, {"options": []}, {"options": [A, A]},
                 {"options": "A"}],
    "ranked": [{"ranking": [A, B, C]}, {"ranking": [B, A]}, {"ranking": [C]},
               {"ranking": [UNKNOWN]}, {"ranking": []}, {"ranking": [B, C, A]}],
    "budget": [{"allocation": {str(A): 5, str(B): 5}}, {"allocation": {str(C): 10}},
               {"allocation": {str(A): 11}}, {"allocation": {str(B): -1, str(C): 2.5}}, {}],
    "pairwise": [{"pairs": [[A, B, A], [B, C, C]]}, {"pairs": [[A, C, C]]},
                 {"pairs": [[A, A, A], [A, B, UNKNOWN]]}, {"pairs": [[B, C, B], [B, C, B]]}],
}


@pytest.mark.parametrize("method", sorted(MIXED))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counted_ballots_give_the_same_result_as_each_ballot(method, seed):
    """Identical ballots counted once with their number (as summaries read them from the
    database) give exactly the result of counting each ballot."""
    import random

    from vizlou.services.voting.tally import tally_counted

    rng = random.Random(seed)
    counted = [(choice, rng.randint(1, 7)) for choice in MIXED[method]]
    rng.shuffle(counted)
    each = [choice for choice, n in counted for _ in range(n)]
    kw = {"total": 10} if method == "budget" else {}
    assert (tally_counted(method, [A, B, C], counted, **kw).to_dict()
            == tally(method, [A, B, C], each, **kw).to_dict())
