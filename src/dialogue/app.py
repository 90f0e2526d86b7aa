"""create_app(settings) -> Litestar: the one composition root."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, Router
from litestar.config.csrf import CSRFConfig
from litestar.di import Provide
from litestar.logging import LoggingConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from litestar.types import ControllerRouterHandler

from dialogue.accounts.controllers import AccountsController, PasswordResetController
from dialogue.accounts.pages import AccountPagesController
from dialogue.administration.pages import AdministrationPagesController
from dialogue.annexes.controllers import ANNEX_CONTROLLERS
from dialogue.annexes.pages import AnnexPagesController
from dialogue.auth.controllers import AuthController, MeController, UsersController
from dialogue.auth.guards import bearer_guard, provide_session
from dialogue.bdese.controllers import BdeseController
from dialogue.bdese.pages import BdesePagesController
from dialogue.bodies.controllers import BodyController
from dialogue.bootstrap import bootstrap
from dialogue.budgets.controllers import BudgetController
from dialogue.budgets.pages import BudgetPagesController
from dialogue.consultations.attachment_controllers import ConsultationDocumentController
from dialogue.consultations.controllers import ConsultationController
from dialogue.consultations.pages import ConsultationPagesController
from dialogue.consultations_bdese.controllers import ConsultationBdeseController
from dialogue.core import db, templating
from dialogue.core.malloc import limit_arenas
from dialogue.delegation.controllers import DelegationHoursController
from dialogue.delegation.pages import DelegationPagesController
from dialogue.diagnosis.controllers import DiagnosisController
from dialogue.diagnosis.pages import DiagnosisPagesController
from dialogue.documents.controllers import DocumentController
from dialogue.documents.pages import DocumentPagesController
from dialogue.documents.texts_controllers import DocumentTextsController
from dialogue.elections.controllers import ElectionController
from dialogue.elections.pages import ElectionPagesController
from dialogue.establishments.controllers import EstablishmentsController
from dialogue.establishments.pages import EstablishmentPagesController
from dialogue.feeds.controllers import CalendarFeedController, serve_calendar
from dialogue.feeds.pages import FeedPagesController
from dialogue.indicators.controllers import BodyIndicatorsController, OrganizationIndicatorsController
from dialogue.indicators.pages import IndicatorPagesController
from dialogue.integrity import process_key
from dialogue.meetings.attachment_controllers import MeetingDocumentController
from dialogue.meetings.controllers import MEETING_HANDLERS
from dialogue.meetings.dependencies import provide_consultation_meetings
from dialogue.meetings.pages import MEETING_PAGE_HANDLERS
from dialogue.meetings.pages.invitation import InvitationPageController
from dialogue.negotiations.controllers import ElectionResultController, NegotiationController
from dialogue.negotiations.designation_controllers import UnionDesignationController
from dialogue.negotiations.pages import NegotiationPagesController
from dialogue.negotiations.steps import NegotiationStepPagesController
from dialogue.networks.controllers import NetworkController
from dialogue.networks.forms_pages import NetworkFormsController
from dialogue.networks.nudge_pages import NetworkNudgePagesController
from dialogue.networks.pages import NetworkPagesController
from dialogue.notifications.controllers import OutboxController, PreferencesController, UnsubscribeController
from dialogue.organizations.controllers import OrganizationController
from dialogue.pages.controllers import ErrorPages, PagesController
from dialogue.piccolo_app import APP_CONFIG
from dialogue.qvt.axes_controllers import QvtPlanController
from dialogue.qvt.axes_pages import QvtPlanPagesController
from dialogue.qvt.barometer_pages import BarometerCampaignPagesController
from dialogue.qvt.controllers import (
    ActionProposalController,
    BarometerController,
    BarometerPageController,
    FrenchBarometerPageController,
    QvtSteeringController,
)
from dialogue.qvt.pages import QvtPagesController
from dialogue.qvt.steps_controllers import QvtStepsController
from dialogue.qvt.steps_pages import QvtStepsPagesController
from dialogue.registers.controllers import EntryController, RegisterController
from dialogue.registers.pages import RegisterPagesController
from dialogue.reglement.controllers import ReglementController
from dialogue.reglement.pages import ReglementPagesController
from dialogue.settings import Settings, get_settings
from dialogue.ssct.controllers import SsctController
from dialogue.ssct.pages import SsctPagesController
from dialogue.web.deps import provide_actor, provide_chain_key, provide_settings, request_id_middleware
from dialogue.web.health import health, ready
from dialogue.web.hygiene import reject_out_of_range_ids, security_headers
from dialogue.web.openapi import document_problems
from dialogue.web.problems import EXCEPTION_HANDLERS

#: Every /api/v1 controller; a new module adds its controllers here.
API_HANDLERS: list[ControllerRouterHandler] = [
    AuthController,
    PasswordResetController,
    AccountsController,
    MeController,
    UsersController,
    OrganizationController,
    BodyController,
    ReglementController,
    RegisterController,
    EntryController,
    QvtSteeringController,
    ActionProposalController,
    BarometerController,
    ElectionResultController,
    NegotiationController,
    SsctController,
    *MEETING_HANDLERS,
    ConsultationController,
    OutboxController,
    PreferencesController,
    CalendarFeedController,
    BodyIndicatorsController,
    OrganizationIndicatorsController,
    DocumentController,
    DocumentTextsController,
    BdeseController,
    ConsultationBdeseController,
    # attach (issue 16): attached documents
    MeetingDocumentController,
    ConsultationDocumentController,
    # attach2 (issue 16): minutes annexes, SSCT missions, negotiations, QVT actions
    *ANNEX_CONTROLLERS,
    # elect (issue 19): CSE elections
    ElectionController,
    # axes (issue 21): the QVT plan by axes
    QvtPlanController,
    # diag (issue 21 §1): the tripartite diagnosis of social dialogue
    DiagnosisController,
    # multi (issue 19): union side and the multi-establishment company
    UnionDesignationController,
    EstablishmentsController,
    # hours (issue 18): delegation hours
    DelegationHoursController,
    # budget (issue 18): CSE budgets
    BudgetController,
    # net (issue 21 §3): the approach's steps and the trinôme
    QvtStepsController,
    # net (issue 20): networks of establishments
    NetworkController,
]

#: Handlers outside /api/v1 (token-addressed feeds, public forms).
PUBLIC_HANDLERS: list[ControllerRouterHandler] = [
    BarometerPageController,
    FrenchBarometerPageController,
    InvitationPageController,
    serve_calendar,
    UnsubscribeController,
]

#: Server-rendered pages (cookie session, CSRF-protected forms).
PAGE_HANDLERS: list[ControllerRouterHandler] = [
    PagesController,
    AccountPagesController,
    AdministrationPagesController,
    RegisterPagesController,
    QvtPagesController,
    BarometerCampaignPagesController,
    QvtPlanPagesController,
    NegotiationPagesController,
    NegotiationStepPagesController,
    *MEETING_PAGE_HANDLERS,
    ConsultationPagesController,
    FeedPagesController,
    IndicatorPagesController,
    BdesePagesController,
    DocumentPagesController,
    ReglementPagesController,
    AnnexPagesController,
    SsctPagesController,
    ElectionPagesController,
    DiagnosisPagesController,
    EstablishmentPagesController,
    DelegationPagesController,
    BudgetPagesController,
    QvtStepsPagesController,
    NetworkPagesController,
    NetworkNudgePagesController,
    NetworkFormsController,
]

#: Paths without cookie-based CSRF: bearer-token API, token-addressed public routes.
CSRF_EXEMPT = ["/api/", "/barometer/", "/barometre/", "/u/", "/calendar/", "/health", "/ready", "/schema"]


def create_app(settings: Settings, *, manage_engine: bool = True) -> Litestar:
    """Build the application. `manage_engine=False` lets tests bind the engine themselves."""
    wiring = bootstrap(settings)
    chain_key = process_key(settings)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        if manage_engine:
            db.bind_engine(db.create_engine(settings.database_url), tables=APP_CONFIG.table_classes)
        await db.start_pool(min_size=settings.db_pool_min, max_size=settings.db_pool_max)
        try:
            yield
        finally:
            if manage_engine:
                await db.close_pool()

    api = Router(
        path="/api/v1",
        route_handlers=API_HANDLERS,
        guards=[bearer_guard],
        dependencies={
            "actor": Provide(provide_actor),
            "session": Provide(provide_session),
            "settings": Provide(provide_settings),
        },
    )
    #: the pages' one script (templates/static/dialogue.js): served from here, never a CDN (CSP script-src 'self')
    static = create_static_files_router(
        path="/static", directories=[templating.TEMPLATES_DIR / "static"], include_in_schema=False
    )
    app = Litestar(
        route_handlers=[health, ready, api, static, *PUBLIC_HANDLERS, *PAGE_HANDLERS],
        dependencies={
            "consultation_meetings": Provide(provide_consultation_meetings, sync_to_thread=False),
            "chain_key": Provide(provide_chain_key),
        },
        template_config=TemplateConfig(instance=JinjaTemplateEngine.from_environment(templating.environment("page"))),
        csrf_config=CSRFConfig(
            secret=settings.secret_key.get_secret_value(),
            cookie_secure=settings.base_url.startswith("https://"),
            cookie_httponly=True,
            exclude=CSRF_EXEMPT,
        ),
        lifespan=[lifespan],
        exception_handlers=EXCEPTION_HANDLERS,
        middleware=[request_id_middleware],
        before_request=reject_out_of_range_ids,
        before_send=[security_headers],
        request_max_body_size=2 * 1024 * 1024,
        openapi_config=OpenAPIConfig(
            title="dialogue",
            version="0.1.0",
            description="Dialogue social : instances, réunions du CSE, registres, négociations, indicateurs.",
            path="/schema",
            components=Components(
                security_schemes={"bearer": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT")}
            ),
            security=[{"bearer": []}],
        ),
        logging_config=LoggingConfig(
            root={"level": "WARNING", "handlers": ["queue_listener"]},
            loggers={"dialogue": {"level": settings.log_level, "handlers": ["queue_listener"], "propagate": False}},
            log_exceptions="never",
            disable_stack_trace={404, 401, 403, 409, 422, 400, 405, 429},
        ),
        debug=False,
    )
    app.state.settings = settings
    app.state.chain_key = chain_key
    app.state.wiring = wiring
    app.state.page_extensions = wiring.pages
    app.state.error_pages = ErrorPages()
    document_problems(app)
    return app


def app_factory() -> Litestar:
    """Entry point for uvicorn --factory (dialogue serve)."""
    limit_arenas()  # before the database threads start: memory stays flat under load (issue 15)
    settings = get_settings()
    logging.getLogger("dialogue").setLevel(settings.log_level)
    return create_app(settings)
