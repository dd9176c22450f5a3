"""Offline on a phone: pages open from the service worker's cache, contributions wait in the
outbox with a visible count, and each is stored exactly once when the connection returns."""

from __future__ import annotations

from sqlalchemy import func, select

from e2e_support import screenshot
from factories import query
from vizlou.models import Ballot, Idea, Question, Support

TEXTS = ["Offline idea one.", "Offline idea two.", "Offline idea three."]


def pending(page) -> int:
    return int(page.evaluate("document.body.getAttribute('data-pending') || '0'"))


def test_three_ideas_a_support_and_a_ballot_made_offline_arrive_once(site, phone):
    single = query(site.app, lambda s: s.scalar(select(Question.id).where(
        Question.method == "single")))
    phone.goto(site.url + "/")
    phone.wait_for_selector("body[data-map-ready]", timeout=20000)
    phone.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller",
                            timeout=20000)
    # Visit the pages once while online, as a resident would.
    phone.goto(site.url + "/ideas")
    phone.goto(f"{site.url}/questions/{single}")
    phone.wait_for_load_state("networkidle")

    phone.context.set_offline(True)
    site.cut()
    phone.goto(site.url + "/")
    phone.wait_for_selector("body[data-map-ready]", timeout=20000)
    for n, text in enumerate(TEXTS, start=1):
        phone.locator("#add-button").tap()
        phone.select_option("#pick-area", index=n * 10)
        phone.locator("#step-what label.chip", has_text="Getting around").tap()
        phone.fill("#idea-text", text)
        phone.locator("#step-what button[type=submit]").tap()
        phone.wait_for_selector("#step-profile:not([hidden]), #step-done:not([hidden])")
        if phone.locator("#step-profile").is_visible():
            phone.locator("#skip-profile").tap()
        assert "Saved on your phone" in phone.locator("#done-message").inner_text()
        phone.locator("#step-done [data-close]").tap()
        assert pending(phone) == n
    assert phone.locator("#pending").inner_text() == "Waiting to send: 3"
    screenshot(phone, "offline-pending")

    phone.goto(site.url + "/ideas")  # from the service worker's cache
    supported_idea = int(phone.locator("form.support").first.get_attribute("data-idea"))
    phone.locator("form.support button").first.tap()
    phone.wait_for_function("() => document.body.getAttribute('data-pending') === '4'")

    phone.goto(f"{site.url}/questions/{single}")
    option = int(phone.locator("label.option input").nth(2).get_attribute("value"))
    phone.locator("label.option").nth(2).tap()
    phone.locator("#ballot button[type=submit]").tap()
    phone.wait_for_selector("#vote-status:not([hidden])")
    assert "Saved on your phone" in phone.locator("#vote-status").inner_text()
    assert pending(phone) == 5
    assert query(site.app, lambda s: s.scalar(select(func.count(Idea.id))
                                          .where(Idea.text.in_(TEXTS)))) == 0

    site.restore()
    phone.context.set_offline(False)
    phone.wait_for_function("() => document.body.getAttribute('data-pending') === '0'",
                            timeout=30000)
    assert phone.locator("#pending").is_hidden()
    # Reloading and syncing again sends nothing twice.
    phone.reload()
    phone.wait_for_timeout(1500)

    def check(s):
        ideas = s.execute(select(Idea.text, func.count(Idea.id)).where(Idea.text.in_(TEXTS))
                          .group_by(Idea.text)).all()
        assert sorted(ideas) == sorted((t, 1) for t in TEXTS)
        participant = s.scalar(select(Idea.participant_id).where(Idea.text == TEXTS[0]))
        assert s.scalar(select(func.count(Support.id)).where(
            Support.idea_id == supported_idea, Support.participant_id == participant)) == 1
        ballot = s.scalars(select(Ballot.choice).where(Ballot.question_id == single,
                                                       Ballot.participant_id == participant)
                           ).all()
        assert ballot == [{"option": option}]

    query(site.app, check)
