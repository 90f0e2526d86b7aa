"""The wiring table: who reacts to which domain event, which sections the home page shows, which tabs a body
page has and which sources a calendar feed reads. Declared here, in one place, and built by `bootstrap(settings)`
for the app (`create_app`) and the commands (`dialogue worker`, `notify-due`, `migrate`); no module registers
itself at import time.

Handlers that need settings (or the chain key) receive them here (`partial(handler, settings=…)`), never from a
module global.
The event bus of `core.events` is one per process: `bootstrap` replaces its content (and the deferred
fan-out's and the feed sources'), so building twice — tests build several apps — never subscribes twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from dialogue.administration.pages import administration_home
from dialogue.bdese.events import BdeseItemPublished
from dialogue.bodies.events import MemberChanged
from dialogue.budgets.pages import budgets_tab
from dialogue.core import events
from dialogue.core.events import DomainEvent, Handler
from dialogue.delegation.events import DelegationBalanceLow, DelegationCarriedNoticed, DelegationTransferNoticed
from dialogue.delegation.pages import delegation_tab
from dialogue.documents import storage
from dialogue.establishments.home import establishments_home
from dialogue.feeds import deadlines as feed_deadlines
from dialogue.feeds import meetings as feed_meetings
from dialogue.feeds import sources
from dialogue.feeds.service import drop_cached_feeds
from dialogue.feeds.sources import FeedSource
from dialogue.indicators.pages import indicators_tab
from dialogue.integrity import key_of
from dialogue.meetings import home as meetings_home
from dialogue.meetings import subscribers as meetings
from dialogue.meetings.events import (
    MeetingCancelled,
    MeetingConvened,
    MeetingEvent,
    MeetingRescheduled,
    MinutesPublished,
)
from dialogue.negotiations.pages import negotiations_home, negotiations_tab
from dialogue.networks.nudges import stalled_step_nudges
from dialogue.notifications import bdese as notify_bdese
from dialogue.notifications import delegation as notify_delegation
from dialogue.notifications import fanout
from dialogue.notifications import subscribers as notify
from dialogue.notifications.due import ScheduledJob, replace_scheduled_jobs
from dialogue.pages.registry import PageExtensions
from dialogue.qvt.events import BarometerInvitationsCreated
from dialogue.qvt.pages import qvt_tabs
from dialogue.registers.events import DgiDisagreement, EntrySubmitted, ResponsePosted
from dialogue.registers.pages import my_entries_home, registers_home, registers_tab
from dialogue.reglement.pages import reglement_tab
from dialogue.settings import Settings
from dialogue.ssct.pages import missions_tab


@dataclass(frozen=True, slots=True)
class Wiring:
    """What `bootstrap` built: the app holds it (`app.state.wiring`), the worker and commands receive it."""

    settings: Settings
    #: Event type -> handlers called in the emitting transaction, in this order (then those of its bases).
    subscribers: Mapping[type[DomainEvent], tuple[Handler, ...]]
    #: Event type -> the handler the worker runs later on its stored row (`notifications.fanout`).
    deferred: Mapping[type[DomainEvent], Handler]
    pages: PageExtensions
    #: Calendar feed sources by name (run in name order).
    feed_sources: Mapping[str, FeedSource]


def subscribers(settings: Settings) -> dict[type[DomainEvent], tuple[Handler, ...]]:
    """Event type -> handlers, in the emitting transaction."""
    feed = feed_meetings.RenderConfig(base_url=settings.base_url, mail_from=settings.mail_from)
    chain_key = key_of(settings)
    return {
        # Any event of an organisation may change its feeds: drop them from the cache.
        DomainEvent: (drop_cached_feeds,),
        # Every change of a meeting renders its VEVENT again, once.
        MeetingEvent: (partial(feed_meetings.on_meeting_event, config=feed),),
        MeetingConvened: (partial(notify.on_meeting_convened, settings=settings),),
        # The registers move the due dates tied to the meeting first, then the mails go out.
        MeetingRescheduled: (
            partial(meetings.on_meeting_rescheduled, chain_key=chain_key),
            partial(notify.on_meeting_rescheduled, settings=settings),
        ),
        MeetingCancelled: (partial(notify.on_meeting_cancelled, settings=settings),),
        MinutesPublished: (partial(notify.on_minutes_published, settings=settings),),
        # L4132-3: a draft extraordinary meeting in the same transaction (its mails are deferred, below).
        DgiDisagreement: (meetings.on_dgi_disagreement,),
        MemberChanged: (partial(notify.on_member_changed, settings=settings),),
        BarometerInvitationsCreated: (partial(notify.on_barometer_invitations, settings=settings),),
        BdeseItemPublished: (partial(notify_bdese.on_bdese_published, settings=settings),),
        DelegationTransferNoticed: (partial(notify_delegation.on_transfer_noticed, settings=settings),),
        DelegationBalanceLow: (partial(notify_delegation.on_balance_low, settings=settings),),
        DelegationCarriedNoticed: (partial(notify_delegation.on_carried_noticed, settings=settings),),
    }


def deferred(settings: Settings) -> dict[type[DomainEvent], Handler]:
    """Event type -> handler run by the worker: mails to many people, rendered outside the register's lock."""
    return {
        EntrySubmitted: partial(notify.on_entry_submitted, settings=settings),
        ResponsePosted: partial(notify.on_response_posted, settings=settings),
        DgiDisagreement: partial(notify.on_dgi_disagreement, settings=settings),
    }


def pages() -> PageExtensions:
    """The home page's sections in display order, and the tabs of a body page."""
    return PageExtensions(
        home_sections=(
            administration_home,
            meetings_home.next_meetings_home,
            meetings_home.agendas_home,
            meetings_home.minutes_home,
            negotiations_home,
            establishments_home,
            registers_home,
            my_entries_home,
        ),
        body_tabs=(
            indicators_tab,
            meetings_home.meetings_tab,
            negotiations_tab,
            qvt_tabs,
            registers_tab,
            missions_tab,
            reglement_tab,
            delegation_tab,
            budgets_tab,
        ),
    )


def feed_sources() -> dict[str, FeedSource]:
    return {"deadlines": feed_deadlines.deadlines_source, "meetings": feed_meetings.meetings_source}


def scheduled_jobs() -> dict[str, ScheduledJob]:
    """The modules' jobs `notify-due` runs after its own notices, by the label its summary prints."""
    return {"relance(s) d'étape de réseau": stalled_step_nudges}


def bootstrap(settings: Settings) -> Wiring:
    """Build the table and install it in the process (replacing, never appending)."""
    wiring = Wiring(
        settings=settings,
        subscribers=subscribers(settings),
        deferred=deferred(settings),
        pages=pages(),
        feed_sources=feed_sources(),
    )
    table = dict(wiring.subscribers)
    for event_type in wiring.deferred:
        table[event_type] = (*table.get(event_type, ()), fanout.store)
    events.replace_subscribers(table, batched={fanout.store: fanout.store_many})
    fanout.replace_deferred(wiring.deferred)
    sources.replace_sources(wiring.feed_sources)
    replace_scheduled_jobs(scheduled_jobs())
    storage.bind(settings.documents_storage_url)
    return wiring
