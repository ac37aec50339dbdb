package dev.parley.core.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.Routes;
import dev.parley.core.TestApps;
import dev.parley.core.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Authorization of every route. The table below classifies each route the platform's real
 * {@link io.vertx.ext.web.Router} has (walked with its sub-routers); a route added without a row
 * here fails {@link #everyRouteOfTheRouter_isClassified()}. Then every protected route is called
 * without credentials (401), with a role too weak (403), and, for conversation routes, by someone
 * who is not a member (404, the same answer as for a conversation that does not exist); each is
 * also called by someone entitled, who succeeds. Every refusal must be a problem+json body that
 * leaks nothing.
 */
class RouteAuthorizationTest extends PlatformTestBase {

  /** Who may call a route. */
  enum Access {
    /** Anyone, signed in or not. */
    PUBLIC,
    /** Any signed-in account. */
    ACCOUNT,
    /** Accounts with the developer role. */
    DEVELOPER,
    /** Accounts with the admin role. */
    ADMIN,
    /** Members of the conversation {@code :id}. */
    MEMBER,
    /** A Business API key of the business (BusinessApiTest: every route, scoped to one business). */
    BUSINESS_KEY,
    /** Not an endpoint: body handling, authentication, role checks, catch-alls, failure handlers. */
    MIDDLEWARE
  }

  private static final Map<String, Access> TABLE = new LinkedHashMap<>();

  static {
    TABLE.put("POST /api/auth/signup", Access.PUBLIC);
    TABLE.put("POST /api/auth/signin", Access.PUBLIC);
    TABLE.put("POST /api/setup/admin", Access.PUBLIC);
    TABLE.put("GET /health/live", Access.PUBLIC);
    TABLE.put("GET /health/ready", Access.PUBLIC);
    TABLE.put("GET /health", Access.PUBLIC);
    TABLE.put("GET /api/live", Access.ACCOUNT);
    TABLE.put("GET /api/session", Access.ACCOUNT);
    TABLE.put("POST /api/auth/signout", Access.ACCOUNT);
    TABLE.put("GET /api/accounts", Access.ACCOUNT);
    TABLE.put("GET /api/conversations", Access.ACCOUNT);
    TABLE.put("POST /api/conversations", Access.ACCOUNT);
    TABLE.put("GET /api/admin/accounts", Access.ADMIN);
    TABLE.put("POST /api/admin/accounts/:id/roles", Access.ADMIN);
    TABLE.put("DELETE /api/admin/accounts/:id/roles/:role", Access.ADMIN);
    TABLE.put("GET /api/tokens", Access.DEVELOPER);
    TABLE.put("POST /api/tokens", Access.DEVELOPER);
    TABLE.put("DELETE /api/tokens/:id", Access.DEVELOPER);
    TABLE.put("GET /api/conversations/:id", Access.MEMBER);
    TABLE.put("PATCH /api/conversations/:id", Access.MEMBER);
    TABLE.put("POST /api/conversations/:id/members", Access.MEMBER);
    TABLE.put("DELETE /api/conversations/:id/members/:accountId", Access.MEMBER);
    TABLE.put("GET /api/conversations/:id/messages", Access.MEMBER);
    TABLE.put("POST /api/conversations/:id/messages", Access.MEMBER);
    TABLE.put("POST /api/conversations/:id/read", Access.MEMBER);
    // links and notifications
    TABLE.put("PUT /api/conversations/:id/mute", Access.MEMBER);
    TABLE.put("DELETE /api/conversations/:id/mute", Access.MEMBER);
    // everyday messenger features (issue 17; MessengerFeaturesTest: rights, pins, invite links)
    TABLE.put("PUT /api/conversations/:id/archive", Access.MEMBER);
    TABLE.put("DELETE /api/conversations/:id/archive", Access.MEMBER);
    TABLE.put("PUT /api/conversations/:id/pin", Access.MEMBER);
    TABLE.put("DELETE /api/conversations/:id/pin", Access.MEMBER);
    TABLE.put("GET /api/conversations/:id/pins", Access.MEMBER);
    TABLE.put("PUT /api/conversations/:id/pins/:messageId", Access.MEMBER);
    TABLE.put("DELETE /api/conversations/:id/pins/:messageId", Access.MEMBER);
    TABLE.put("PUT /api/conversations/:id/members/:accountId/role", Access.MEMBER);
    TABLE.put("GET /api/conversations/:id/invites", Access.MEMBER);
    TABLE.put("POST /api/conversations/:id/invites", Access.MEMBER);
    TABLE.put("DELETE /api/conversations/:id/invites/:inviteId", Access.MEMBER);
    TABLE.put("GET /api/invites/:token", Access.ACCOUNT);
    TABLE.put("POST /api/invites/:token/join", Access.ACCOUNT);
    // attachments (issue 16): tus uploads are their uploader's, attachments their uploader's and
    // the members' of a conversation holding them (AttachmentsApiTest, AccessMatrixTest: success)
    TABLE.put("OPTIONS /api/uploads", Access.PUBLIC);
    TABLE.put("OPTIONS /api/uploads/:id", Access.PUBLIC);
    TABLE.put("POST /api/uploads", Access.ACCOUNT);
    TABLE.put("HEAD /api/uploads/:id", Access.ACCOUNT);
    TABLE.put("GET /api/uploads/:id", Access.ACCOUNT);
    TABLE.put("PATCH /api/uploads/:id", Access.ACCOUNT);
    TABLE.put("DELETE /api/uploads/:id", Access.ACCOUNT);
    TABLE.put("GET /api/attachments/:id", Access.ACCOUNT);
    TABLE.put("GET /api/attachments/:id/content", Access.ACCOUNT);
    TABLE.put("HEAD /api/attachments/:id/content", Access.ACCOUNT);
    TABLE.put("GET /api/attachments/:id/preview", Access.ACCOUNT);
    TABLE.put("HEAD /api/attachments/:id/preview", Access.ACCOUNT);
    TABLE.put("POST /api/attachments/:id/link", Access.ACCOUNT);
    TABLE.put("GET /api/me/storage", Access.ACCOUNT);
    TABLE.put("GET /api/conversations/:id/attachments", Access.MEMBER);
    // message actions (MessageActionsTest: success)
    TABLE.put("PATCH /api/conversations/:id/messages/:messageId", Access.MEMBER);
    TABLE.put("DELETE /api/conversations/:id/messages/:messageId", Access.MEMBER);
    TABLE.put("GET /api/conversations/:id/messages/:messageId/edits", Access.MEMBER);
    TABLE.put("PUT /api/conversations/:id/messages/:messageId/reactions/:emoji", Access.MEMBER);
    TABLE.put("DELETE /api/conversations/:id/messages/:messageId/reactions/:emoji", Access.MEMBER);
    // ephemeral answers (issue 18): the caller's own, in a conversation they are a member of
    TABLE.put("GET /api/conversations/:id/ephemeral", Access.MEMBER);
    TABLE.put("DELETE /api/conversations/:id/ephemeral/:messageId", Access.MEMBER);
    TABLE.put("POST /api/conversations/:id/ephemeral/:messageId/share", Access.MEMBER);
    // dev mode (DevModeTest: success)
    TABLE.put("POST /api/developer/apps/:appId/dev", Access.DEVELOPER);
    // a dev page's CSP reports: browsers send them without credentials; only apps with a dev version
    TABLE.put("POST /api/dev/csp-reports/:appId", Access.PUBLIC);
    TABLE.put("GET /api/link-preview", Access.ACCOUNT);
    TABLE.put("GET /api/link-preview/image/:key", Access.ACCOUNT);
    TABLE.put("GET /api/push/key", Access.ACCOUNT);
    TABLE.put("POST /api/push/subscriptions", Access.ACCOUNT);
    TABLE.put("DELETE /api/push/subscriptions", Access.ACCOUNT);
    // the mini-app registry: its contract and the files of versions (each file decides for itself)
    TABLE.put("GET /api/openapi.yaml", Access.PUBLIC);
    TABLE.put("GET /api/openapi.json", Access.PUBLIC);
    TABLE.put("GET /static/apps/:appId/:digest/*", Access.PUBLIC);
    TABLE.put("HEAD /static/apps/:appId/:digest/*", Access.PUBLIC);
    // app pages: the platform's public key for launch parameters
    TABLE.put("GET /api/platform-key", Access.PUBLIC);
    TABLE.put("GET /api/time", Access.PUBLIC);
    // users
    TABLE.put("GET /api/apps", Access.ACCOUNT);
    TABLE.put("POST /api/apps/:appId/launch", Access.ACCOUNT);
    // the broker: installs (first, so the calls after them can run), calls, consent, pins
    TABLE.put("POST /api/conversations/:id/apps", Access.MEMBER);
    TABLE.put("GET /api/conversations/:id/apps", Access.MEMBER);
    TABLE.put("POST /api/conversations/:id/commands", Access.MEMBER);
    TABLE.put("POST /api/conversations/:id/messages/:messageId/actions", Access.MEMBER);
    TABLE.put("POST /api/conversations/:id/apps/:appId/calls", Access.MEMBER);
    TABLE.put("POST /api/conversations/:id/apps/:appId/media", Access.MEMBER);
    TABLE.put("POST /api/conversations/:id/apps/:appId/launch", Access.MEMBER);
    TABLE.put("DELETE /api/conversations/:id/apps/:appId", Access.MEMBER);
    TABLE.put("GET /api/me/notifications", Access.ACCOUNT);
    TABLE.put("GET /api/permissions", Access.ACCOUNT);
    TABLE.put("GET /api/me/consents", Access.ACCOUNT);
    TABLE.put("POST /api/apps/:appId/consent", Access.ACCOUNT);
    TABLE.put("DELETE /api/apps/:appId/consent/:permission", Access.ACCOUNT);
    TABLE.put("DELETE /api/apps/:appId/consent", Access.ACCOUNT);
    TABLE.put("GET /api/me/pins", Access.ACCOUNT);
    TABLE.put("PUT /api/me/pins/:appId", Access.ACCOUNT);
    TABLE.put("DELETE /api/me/pins/:appId", Access.ACCOUNT);
    // developers (their own apps; RegistryAccessTest checks other developers and admins)
    TABLE.put("GET /api/developer/apps", Access.DEVELOPER);
    TABLE.put("POST /api/developer/apps", Access.DEVELOPER);
    TABLE.put("GET /api/developer/apps/:appId", Access.DEVELOPER);
    TABLE.put("PATCH /api/developer/apps/:appId", Access.DEVELOPER);
    TABLE.put("GET /api/developer/apps/:appId/versions", Access.DEVELOPER);
    TABLE.put("POST /api/developer/apps/:appId/versions", Access.DEVELOPER);
    TABLE.put("GET /api/developer/apps/:appId/versions/:version", Access.DEVELOPER);
    TABLE.put("POST /api/developer/apps/:appId/versions/:version/submit", Access.DEVELOPER);
    TABLE.put("POST /api/developer/apps/:appId/versions/:version/withdraw", Access.DEVELOPER);
    TABLE.put("POST /api/developer/apps/:appId/versions/:version/release", Access.DEVELOPER);
    TABLE.put("GET /api/developer/apps/:appId/reviews", Access.DEVELOPER);
    TABLE.put("POST /api/developer/apps/:appId/secret", Access.DEVELOPER);
    TABLE.put("GET /api/developer/apps/:appId/usage", Access.DEVELOPER);
    TABLE.put("GET /api/developer/apps/:appId/logs", Access.DEVELOPER);
    // admins
    TABLE.put("GET /api/admin/reviews", Access.ADMIN);
    TABLE.put("GET /api/admin/apps", Access.ADMIN);
    TABLE.put("GET /api/admin/apps/:appId", Access.ADMIN);
    TABLE.put("POST /api/admin/apps/:appId/versions/:version/approve", Access.ADMIN);
    TABLE.put("POST /api/admin/apps/:appId/versions/:version/reject", Access.ADMIN);
    TABLE.put("POST /api/admin/apps/:appId/versions/:version/release", Access.ADMIN);
    TABLE.put("POST /api/admin/apps/:appId/suspend", Access.ADMIN);
    TABLE.put("POST /api/admin/apps/:appId/unsuspend", Access.ADMIN);
    TABLE.put("GET /api/admin/audit", Access.ADMIN);
    // money: wallets, top-ups through the TEST provider, payments between users, reconciliation
    TABLE.put("GET /api/wallet", Access.ACCOUNT);
    TABLE.put("GET /api/wallet/history", Access.ACCOUNT);
    TABLE.put("POST /api/wallet/topups", Access.ACCOUNT);
    TABLE.put("POST /api/payments", Access.ACCOUNT);
    TABLE.put("GET /api/admin/ledger/reconcile", Access.ADMIN);
    // red packets: ":id" is a packet sent in the test's group (members only, like its conversation)
    TABLE.put("GET /api/red-packets/:id", Access.MEMBER);
    TABLE.put("POST /api/red-packets/:id/claim", Access.MEMBER);
    // payment requests: only their payer (confirm, cancel) or user payee (refund) sees them; others get 404
    TABLE.put("GET /api/payment-requests", Access.ACCOUNT);
    TABLE.put("GET /api/payment-requests/:requestId", Access.ACCOUNT);
    TABLE.put("POST /api/payment-requests/:requestId/confirm", Access.ACCOUNT);
    TABLE.put("POST /api/payment-requests/:requestId/cancel", Access.ACCOUNT);
    TABLE.put("POST /api/payment-requests/:requestId/refund", Access.ACCOUNT);
    // search: only the caller's own conversations (SearchApiTest checks non-members and leavers)
    TABLE.put("GET /api/search", Access.ACCOUNT);
    // businesses (issue 21): owners are developers (another developer gets 404), admins review,
    // customers use the directory; the Business API takes a business's key (BusinessApiTest: success, scoping)
    TABLE.put("POST /api/businesses", Access.DEVELOPER);
    TABLE.put("GET /api/businesses", Access.DEVELOPER);
    TABLE.put("GET /api/businesses/:businessId", Access.DEVELOPER);
    TABLE.put("PATCH /api/businesses/:businessId", Access.DEVELOPER);
    TABLE.put("GET /api/businesses/:businessId/keys", Access.DEVELOPER);
    TABLE.put("POST /api/businesses/:businessId/keys", Access.DEVELOPER);
    TABLE.put("DELETE /api/businesses/:businessId/keys/:keyId", Access.DEVELOPER);
    // customer care (issue 22): a business's owner, supervisors and agents; anyone else gets 404 (CareTest);
    // the customer's agent request and rating: the conversation's customer only (CareTest)
    TABLE.put("GET /api/care/inboxes", Access.ACCOUNT);
    TABLE.put("GET /api/care/businesses/:businessId/agents", Access.ACCOUNT);
    TABLE.put("POST /api/care/businesses/:businessId/agents", Access.ACCOUNT);
    TABLE.put("PATCH /api/care/businesses/:businessId/agents/:agentId", Access.ACCOUNT);
    TABLE.put("DELETE /api/care/businesses/:businessId/agents/:agentId", Access.ACCOUNT);
    TABLE.put("PUT /api/care/businesses/:businessId/me/availability", Access.ACCOUNT);
    TABLE.put("GET /api/care/businesses/:businessId/teams", Access.ACCOUNT);
    TABLE.put("POST /api/care/businesses/:businessId/teams", Access.ACCOUNT);
    TABLE.put("PATCH /api/care/businesses/:businessId/teams/:teamId", Access.ACCOUNT);
    TABLE.put("DELETE /api/care/businesses/:businessId/teams/:teamId", Access.ACCOUNT);
    TABLE.put("GET /api/care/businesses/:businessId/sla-policies", Access.ACCOUNT);
    TABLE.put("POST /api/care/businesses/:businessId/sla-policies", Access.ACCOUNT);
    TABLE.put("PATCH /api/care/businesses/:businessId/sla-policies/:policyId", Access.ACCOUNT);
    TABLE.put("GET /api/care/businesses/:businessId/canned-replies", Access.ACCOUNT);
    TABLE.put("POST /api/care/businesses/:businessId/canned-replies", Access.ACCOUNT);
    TABLE.put("PATCH /api/care/businesses/:businessId/canned-replies/:replyId", Access.ACCOUNT);
    TABLE.put("DELETE /api/care/businesses/:businessId/canned-replies/:replyId", Access.ACCOUNT);
    TABLE.put("POST /api/care/businesses/:businessId/canned-replies/:replyId/render", Access.ACCOUNT);
    TABLE.put("GET /api/care/businesses/:businessId/reports", Access.ACCOUNT);
    TABLE.put("GET /api/care/businesses/:businessId/conversations", Access.ACCOUNT);
    TABLE.put("GET /api/care/businesses/:businessId/conversations/:conversationId", Access.ACCOUNT);
    TABLE.put("GET /api/care/businesses/:businessId/conversations/:conversationId/messages", Access.ACCOUNT);
    TABLE.put("POST /api/care/businesses/:businessId/conversations/:conversationId/messages", Access.ACCOUNT);
    TABLE.put("POST /api/care/businesses/:businessId/conversations/:conversationId/take", Access.ACCOUNT);
    TABLE.put("POST /api/care/businesses/:businessId/conversations/:conversationId/release", Access.ACCOUNT);
    TABLE.put("POST /api/care/businesses/:businessId/conversations/:conversationId/resolve", Access.ACCOUNT);
    TABLE.put("POST /api/care/businesses/:businessId/conversations/:conversationId/reopen", Access.ACCOUNT);
    TABLE.put("POST /api/care/businesses/:businessId/conversations/:conversationId/snooze", Access.ACCOUNT);
    TABLE.put("POST /api/care/businesses/:businessId/conversations/:conversationId/assign", Access.ACCOUNT);
    TABLE.put("PUT /api/care/businesses/:businessId/conversations/:conversationId/labels", Access.ACCOUNT);
    TABLE.put("POST /api/care/businesses/:businessId/conversations/:conversationId/notes", Access.ACCOUNT);
    TABLE.put("GET /api/care/businesses/:businessId/conversations/:conversationId/notes", Access.ACCOUNT);
    TABLE.put("POST /api/care/businesses/:businessId/conversations/:conversationId/typing", Access.ACCOUNT);
    TABLE.put("POST /api/care/businesses/:businessId/conversations/:conversationId/read", Access.ACCOUNT);
    TABLE.put("GET /api/conversations/:conversationId/care", Access.ACCOUNT);
    TABLE.put("POST /api/conversations/:conversationId/agent-request", Access.ACCOUNT);
    TABLE.put("POST /api/conversations/:conversationId/rating", Access.ACCOUNT);
    TABLE.put("GET /api/business/v1/conversations/:conversationId/handover", Access.BUSINESS_KEY);
    TABLE.put("POST /api/business/v1/conversations/:conversationId/handover", Access.BUSINESS_KEY);
    TABLE.put("GET /api/admin/businesses", Access.ADMIN);
    TABLE.put("POST /api/admin/businesses/:businessId/review", Access.ADMIN);
    TABLE.put("GET /api/directory/businesses", Access.ACCOUNT);
    TABLE.put("GET /api/directory/businesses/:handle", Access.ACCOUNT);
    TABLE.put("GET /api/directory/businesses/:handle/logo", Access.ACCOUNT);
    TABLE.put("POST /api/directory/businesses/:handle/conversations", Access.ACCOUNT);
    TABLE.put("PUT /api/directory/businesses/:handle/block", Access.ACCOUNT);
    TABLE.put("DELETE /api/directory/businesses/:handle/block", Access.ACCOUNT);
    TABLE.put("PUT /api/directory/businesses/:handle/share", Access.ACCOUNT);
    TABLE.put("DELETE /api/directory/businesses/:handle/share", Access.ACCOUNT);
    TABLE.put("GET /api/business/v1/openapi.yaml", Access.PUBLIC);
    TABLE.put("GET /api/business/v1/business", Access.BUSINESS_KEY);
    TABLE.put("POST /api/business/v1/conversations/:conversationId/messages", Access.BUSINESS_KEY);
    TABLE.put("GET /api/business/v1/conversations/:conversationId/messages", Access.BUSINESS_KEY);
    TABLE.put("POST /api/business/v1/conversations/:conversationId/read", Access.BUSINESS_KEY);
    TABLE.put("POST /api/business/v1/conversations/:conversationId/typing", Access.BUSINESS_KEY);
    TABLE.put("POST /api/business/v1/media", Access.BUSINESS_KEY);
    TABLE.put("POST /api/business/v1/media/:attachmentId/link", Access.BUSINESS_KEY);
    // consent and pacing (issue 21): the customer's own, the admin's template review, the owner's
    // templates and campaigns, the Business API's (BusinessConsentTest, BusinessApiTest's scoping)
    TABLE.put("GET /api/me/businesses", Access.ACCOUNT);
    TABLE.put("GET /api/me/businesses/:businessId/consents", Access.ACCOUNT);
    TABLE.put("PUT /api/me/businesses/:businessId/consents/:category", Access.ACCOUNT);
    TABLE.put("DELETE /api/me/businesses/:businessId/consents/:category", Access.ACCOUNT);
    TABLE.put("POST /api/me/business-messages/:messageId/stop", Access.ACCOUNT);
    TABLE.put("GET /api/me/business-messages/:messageId/why", Access.ACCOUNT);
    TABLE.put("GET /api/admin/business-templates", Access.ADMIN);
    TABLE.put("POST /api/admin/business-templates/:templateId/review", Access.ADMIN);
    TABLE.put("GET /api/businesses/:businessId/templates", Access.DEVELOPER);
    TABLE.put("GET /api/businesses/:businessId/campaigns", Access.DEVELOPER);
    TABLE.put("GET /api/business/v1/templates", Access.BUSINESS_KEY);
    TABLE.put("POST /api/business/v1/templates", Access.BUSINESS_KEY);
    TABLE.put("DELETE /api/business/v1/templates/:templateId", Access.BUSINESS_KEY);
    TABLE.put("GET /api/business/v1/campaigns", Access.BUSINESS_KEY);
    // safety (issue 17): one's own blocks and reports; moderation for admins (BlocksTest, ModerationTest)
    TABLE.put("GET /api/blocks", Access.ACCOUNT);
    TABLE.put("PUT /api/blocks/:accountId", Access.ACCOUNT);
    TABLE.put("DELETE /api/blocks/:accountId", Access.ACCOUNT);
    TABLE.put("POST /api/reports", Access.ACCOUNT);
    TABLE.put("GET /api/admin/reports", Access.ADMIN);
    TABLE.put("POST /api/admin/reports/:reportId/resolve", Access.ADMIN);
    TABLE.put("POST /api/admin/reports/:reportId/dismiss", Access.ADMIN);
    TABLE.put("POST /api/admin/accounts/:id/warn", Access.ADMIN);
    TABLE.put("POST /api/admin/accounts/:id/suspend", Access.ADMIN);
    TABLE.put("POST /api/admin/accounts/:id/restore", Access.ADMIN);
    TABLE.put("GET /api/admin/suspensions", Access.ADMIN);
    TABLE.put("POST /api/admin/conversations/:conversationId/messages/:messageId/remove", Access.ADMIN);
    // business webhooks (issue 21): the Business API's (a business API key; a session or a personal
    // token is refused with 401) and the console's (the business's owner; 404 for anyone else).
    // WebhooksTest calls each with a key of another business (404) and as the owner.
    for (String base : List.of("/api/business/v1/webhooks", "/api/businesses/:businessId/webhooks")) {
      TABLE.put("GET " + base, Access.ACCOUNT);
      TABLE.put("POST " + base, Access.ACCOUNT);
      TABLE.put("GET " + base + "/deliveries", Access.ACCOUNT);
      TABLE.put("POST " + base + "/deliveries/:deliveryId/replay", Access.ACCOUNT);
      TABLE.put("PATCH " + base + "/:endpointId", Access.ACCOUNT);
      TABLE.put("DELETE " + base + "/:endpointId", Access.ACCOUNT);
      TABLE.put("POST " + base + "/:endpointId/rotate-secret", Access.ACCOUNT);
    }
    // profiles and account security (issue 17; ProfilesApiTest, AccountSecurityApiTest: each rule)
    TABLE.put("POST /api/auth/reset", Access.PUBLIC);
    TABLE.put("POST /api/auth/forgot", Access.PUBLIC); // PasswordForgottenApiTest: always 202
    TABLE.put("GET /api/me", Access.ACCOUNT);
    TABLE.put("PATCH /api/me", Access.ACCOUNT);
    TABLE.put("PUT /api/me/username", Access.ACCOUNT);
    TABLE.put("PUT /api/me/avatar", Access.ACCOUNT);
    TABLE.put("DELETE /api/me/avatar", Access.ACCOUNT);
    TABLE.put("GET /api/people/:id", Access.ACCOUNT);
    TABLE.put("GET /api/people/:id/avatar/:size", Access.ACCOUNT);
    TABLE.put("POST /api/me/password", Access.ACCOUNT);
    TABLE.put("GET /api/me/sessions", Access.ACCOUNT);
    TABLE.put("POST /api/me/sessions/sign-out-others", Access.ACCOUNT);
    TABLE.put("DELETE /api/me/sessions/:id", Access.ACCOUNT);
    TABLE.put("GET /api/me/two-factor", Access.ACCOUNT);
    TABLE.put("POST /api/me/two-factor/setup", Access.ACCOUNT);
    TABLE.put("POST /api/me/two-factor/enable", Access.ACCOUNT);
    TABLE.put("POST /api/me/two-factor/disable", Access.ACCOUNT);
    TABLE.put("POST /api/admin/accounts/:id/reset-link", Access.ADMIN);
  }

  /** Safety routes whose success ModerationTest shows (they would suspend the fixture's member, or name real reports). */
  private static final List<String> SAFETY_ELSEWHERE = List.of("POST /api/admin/reports/:reportId/resolve",
      "POST /api/admin/reports/:reportId/dismiss", "POST /api/admin/accounts/:id/suspend",
      "POST /api/admin/accounts/:id/restore",
      "POST /api/admin/conversations/:conversationId/messages/:messageId/remove");

  /** The middleware routes, with how often each appears. */
  private static final List<String> MIDDLEWARE = List.of(
      "ANY /*", // the Host check, first of all
      "ANY /*", // app pages: answers requests to <appId>.apps.<host> only (AppPagesTest), others pass
      "POST /api/conversations/:id/apps/:appId/media", // upload: holds the body until the checks are done
      "ANY /api/*", // body gate: 415 for a body that is not JSON, the rest held unread
      "ANY /api/auth/signup", // public routes read their body before their handlers
      "ANY /api/auth/signin",
      "ANY /api/setup/admin",
      "ANY /api/auth/reset",
      "ANY /api/auth/forgot",
      "ANY /api/*", // authentication of everything after the public routes
      "ANY /api/*", // then the body handler
      "ANY /api/*", // "no API route" catch-all
      "ANY /api/admin/*", // admin role check
      "ANY /api/tokens/*", // developer role check
      "POST /api/developer/apps/:appId/versions", // upload: refuses a bad credential with the body unread
      "POST /api/developer/apps/:appId/versions", // upload: its own, larger body handler
      "POST /api/developer/apps/:appId/dev", // dev save: refuses a bad credential with the body unread
      "POST /api/developer/apps/:appId/dev", // dev save: its own body handler, like an upload
      "POST /api/dev/csp-reports/:appId", // CSP reports: their own small body handler
      "ANY /api/business/v1/webhooks", // the Business API's webhook routes are public to the session check
      "ANY /api/business/v1/webhooks", // (a business API key authenticates them) and read their bodies first
      "ANY /api/business/v1/webhooks/deliveries",
      "ANY /api/business/v1/webhooks/deliveries/:deliveryId/replay",
      "ANY /api/business/v1/webhooks/:endpointId",
      "ANY /api/business/v1/webhooks/:endpointId",
      "ANY /api/business/v1/webhooks/:endpointId/rotate-secret",
      "ANY /api/uploads", // tus: authentication before the streamed body, which no body handler reads
      "ANY /api/uploads/:id",
      "ANY /api/developer/*", // registry: developer (or admin) role check
      "ANY /api/admin/*", // registry: admin role check
      "ANY /api/business/v1/*", // Business API: the key check, before any body is read
      "ANY /api/business/v1/*", // Business API: "no route" catch-all
      "ANY /api/businesses/*", // businesses: developer role check
      "ANY /api/admin/*", // businesses: admin role check
      "ANY /api/care/businesses/:businessId/*", // customer care: the inbox's access check, before any body
      "ANY /*"); // the one failure handler, at the root

  /** Routes that exist only in some set-ups. */
  private static final List<String> OPTIONAL = List.of("GET /metrics");

  private TestUser admin;
  private TestUser developer;
  private TestUser owner;
  private TestUser member;
  private TestUser outsider;
  private String group;
  private String appId;
  private String digest;
  private String redPacket;
  private final java.util.concurrent.atomic.AtomicInteger minor = new java.util.concurrent.atomic.AtomicInteger();
  private final String groupTitle = "Secret plans " + UUID.randomUUID();

  @Override
  protected void setUp() {
    admin = p.admin();
    developer = p.developer("Devi");
    owner = api.signUp("Owner");
    member = api.signUp("Member");
    outsider = api.signUp("Outsider");
    group = api.group(owner, groupTitle, member).getString("id");
    api.send(owner, group, "the first message");
    appId = TestApps.appId(api, "routes");
    TestApps.createApp(api, developer, appId);
    digest = TestApps.publish(api, developer, admin, appId, "1.0.0", "profile.read").getString("digest");
    p.platform().ledger().topUp(member.id(), java.util.Currency.getInstance("EUR"), 10_00, "4242 4242 4242 4242",
        "routes:" + UUID.randomUUID()).await();
    redPacket = p.platform().redPackets().create(member.id(), group, java.util.Currency.getInstance("EUR"), 5_00, 2,
        dev.parley.core.money.gifting.SplitMode.EQUAL, "route check", "routes").await().id();
  }

  @Test
  void everyRouteOfTheRouter_isClassified() {
    List<String> routes = Routes.of(p.platform().router());

    List<String> unclassified = new ArrayList<>(routes);
    TABLE.keySet().forEach(unclassified::remove); // one route each: middleware may share its path
    unclassified.removeAll(OPTIONAL);
    List<String> middleware = new ArrayList<>(MIDDLEWARE);
    for (String route : List.copyOf(unclassified)) {
      if (middleware.remove(route)) {
        unclassified.remove(route);
      }
    }
    assertThat(unclassified).as("routes without an authorization rule in this test's table").isEmpty();
    assertThat(middleware).as("middleware this test expects but the router no longer has").isEmpty();
    assertThat(routes).as("table rows the router no longer has").containsAll(TABLE.keySet());
  }

  @Test
  void everyProtectedRoute_withoutCredentials_is401() {
    for (Map.Entry<String, Access> route : TABLE.entrySet()) {
      if (route.getValue() == Access.PUBLIC) {
        continue;
      }
      for (Caller nobody : List.of(Caller.anonymous(), Caller.cookie("no-such-session"),
          Caller.bearer("pat_no-such-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaa"))) {
        Reply reply = call(route.getKey(), nobody, owner);
        assertThat(reply.status()).as("%s: %s", route.getKey(), reply).isEqualTo(401);
        assertHarmlessProblem(route.getKey(), reply);
      }
    }
  }

  @Test
  void roleRoutes_withoutTheRole_are403() {
    TestUser plain = api.signUp("Plain");
    for (Map.Entry<String, Access> route : TABLE.entrySet()) {
      List<TestUser> tooWeak = switch (route.getValue()) {
        case ADMIN -> List.of(plain, developer);
        case DEVELOPER -> List.of(plain);
        default -> List.of();
      };
      for (TestUser caller : tooWeak) {
        Reply reply = call(route.getKey(), caller, plain);
        assertThat(reply.status()).as("%s as %s: %s", route.getKey(), caller.username(), reply).isEqualTo(403);
        assertHarmlessProblem(route.getKey(), reply);
      }
    }
  }

  @Test
  void conversationRoutes_forANonMember_are404LikeAConversationThatDoesNotExist() {
    String missing = "abcdefghijklmnopqrst"; // the shape of an id, naming nothing
    for (Map.Entry<String, Access> route : TABLE.entrySet()) {
      if (route.getValue() != Access.MEMBER) {
        continue;
      }
      Reply existing = call(route.getKey(), outsider, member);
      Reply nonexistent = call(route.getKey(), outsider, member, missing);

      assertThat(existing.status()).as("%s: %s", route.getKey(), existing).isEqualTo(404);
      assertHarmlessProblem(route.getKey(), existing);
      assertThat(existing.body()).as("the answer must not tell the conversation exists").isEqualTo(nonexistent.body());
    }
    assertThat(api.conversation(owner, group).getJsonArray("members")).hasSize(2);
    assertThat(
        p.sql("SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ? AND sender_id = ?", group, outsider.id())
            .get(0).getLong("n"))
        .isZero();
  }

  @Test
  void everyRoute_succeedsForSomeoneEntitled() {
    for (Map.Entry<String, Access> route : TABLE.entrySet()) {
      String key = route.getKey();
      if (key.equals("GET /api/live") || key.equals("POST /api/setup/admin")
          || key.equals("POST /api/conversations/:id/messages/:messageId/actions") || key.contains("/payment-requests/")
          || key.endsWith("/media") || key.contains("/link-preview") || key.contains("/push/")
          || key.contains("/uploads") || key.contains("/attachments") || key.equals("GET /api/me/storage")
          || key.contains("/messages/:messageId") || key.endsWith("/dev") || key.contains("/csp-reports/")
          || key.contains("/business") || SAFETY_ELSEWHERE.contains(key) || key.startsWith("GET /api/care/")
          || key.endsWith("/agent-request") || key.endsWith("/rating") || key.endsWith(":conversationId/care")
          || key.contains("/pins/:messageId") || key.contains("/invites/") || key.contains("/ephemeral/")
          || key.equals("POST /api/auth/reset") || key.equals("POST /api/auth/forgot")
          || key.equals("PUT /api/me/username")
          || key.equals("PUT /api/me/avatar")
          || key.contains("/api/people/") || key.equals("POST /api/me/password")
          || key.equals("DELETE /api/me/sessions/:id")
          || key.equals("POST /api/me/two-factor/enable") || key.equals("POST /api/me/two-factor/disable")) {
        // ... businesses, the Business API and its webhooks BusinessApiTest's and WebhooksTest's (a verified
        // business and its key or owner); safety's BlocksTest's and ModerationTest's; pinned messages and
        // invite links MessengerFeaturesTest's (a real message, a real link); an ephemeral message of one's
        // own EphemeralAndConsentTest's; profiles and account security ProfilesApiTest's and
        // AccountSecurityApiTest's (a picture, a reset token, a TOTP code, a session id, a person to look at);
        // "forgot password" PasswordForgottenApiTest's (a body naming an account, an SMTP server)
        // ... attachments AttachmentsApiTest's; message actions MessageActionsTest's; dev mode DevModeTest's
        continue; // the WebSocket is LiveTest's; the one-time setup FirstAdminTest's; card buttons BrokerTest's;
                  // one payment request (an app must ask for it) PaymentRequestsTest's; uploads (an app
                  // asking for media.upload) MediaUploadTest's; link previews (a site to fetch)
                  // LinkPreviewApiTest's; Web Push (off here) PushApiTest's
      }
      TestUser caller = switch (route.getValue()) {
        case ADMIN -> admin;
        case DEVELOPER -> developer;
        case MEMBER -> owner;
        default -> api.signUp("Anyone");
      };
      String version = "1.0.0";
      if (key.endsWith("/versions")) {
        version = nextVersion();
      } else if (key.endsWith("/submit")) {
        version = nextVersion();
        TestApps.draft(api, developer, appId, version);
      } else if (key.endsWith("/withdraw") || key.endsWith("/approve") || key.endsWith("/reject")) {
        version = nextVersion();
        TestApps.inReview(api, developer, appId, version);
      }
      TestUser subject = key.contains("/members/") ? api.signUp("Removable") : member;
      Reply reply = call(key, caller, subject, group, version);
      assertThat(reply.status()).as("%s: %s", key, reply).isBetween(200, 299);
      if (key.endsWith("/role")) {
        api.delete("/api/conversations/" + group + "/members/" + subject.id(), owner); // the group as it was
      }
      if (key.endsWith("/suspend")) {
        assertThat(api.post("/api/admin/apps/" + appId + "/unsuspend", admin, new JsonObject()).status())
            .isEqualTo(200);
      }
    }
  }

  // ---- calling a route with a valid request ----

  /**
   * Calls the route {@code key} ("METHOD /path/:param") as {@code caller} with a valid body;
   * {@code subject} is the account the request is about (roles, removal).
   */
  private Reply call(String key, Caller caller, TestUser subject) {
    return call(key, caller, subject, group);
  }

  /** As {@link #call(String, Caller, TestUser)}, about the conversation {@code conversationId}. */
  private Reply call(String key, Caller caller, TestUser subject, String conversationId) {
    return call(key, caller, subject, conversationId, "1.0.0");
  }

  /** A version number above every earlier one of the registry's test app. */
  private String nextVersion() {
    return "1." + minor.incrementAndGet() + ".0";
  }

  /** As {@link #call(String, Caller, TestUser, String)}; registry routes act on the version {@code version}. */
  private Reply call(String key, Caller caller, TestUser subject, String conversationId, String version) {
    String method = key.substring(0, key.indexOf(' '));
    String path = key.substring(key.indexOf(' ') + 1);
    if (path.contains(":accountId")) {
      // Removing someone: make sure they are a member first (when the call could succeed).
      api.post("/api/conversations/" + group + "/members", owner,
          new JsonObject().put("accountIds", new JsonArray().add(subject.id())));
    }
    String tokenId = path.contains("/tokens/:id")
        ? api.post("/api/tokens", developer, new JsonObject().put("name", "t")).json().getString("id")
        : null;
    if (key.equals("POST /api/developer/apps/:appId/versions") || key.equals("POST /api/developer/apps/:appId/dev")) {
      return api.request(HttpMethod.POST, path.replace(":appId", appId), caller,
          Buffer.buffer(TestApps.bundle(appId, version)), "application/zip");
    }
    path = path.replace(":appId", appId).replace(":digest", digest).replace(":version", version)
        .replace(":command", "hello").replace("/*", "/ui/index.html")
        .replace(":permission", "profile.read").replace(":messageId", "abcdefghijklmnopqrst")
        .replace(":requestId", "abcdefghijklmnopqrst").replace(":emoji", "%F0%9F%91%8D");
    if (path.equals("/api/search")) {
      path += "?q=route";
    }
    if (path.startsWith("/api/red-packets/")) {
      path = path.replace(":id", conversationId.equals(group) ? redPacket : conversationId);
    }
    path = path.replace("/tokens/:id", "/tokens/" + tokenId)
        .replace("/accounts/:id", "/accounts/" + subject.id())
        .replace(":role", "developer")
        .replace(":accountId", subject.id())
        .replace(":id", conversationId);
    if (key.equals("POST /api/payments") && caller instanceof TestUser payer) {
      api.post("/api/wallet/topups", payer, new JsonObject().put("currency", "EUR").put("amount", "5.00")
          .put("card", "4242 4242 4242 4242").put("idempotencyKey", UUID.randomUUID().toString())); // money to pay with
    }
    JsonObject body = switch (key) {
      case "POST /api/auth/signup" -> new JsonObject().put("username", api.uniqueName("new"))
          .put("displayName", "New").put("password", ApiClient.PASSWORD);
      case "POST /api/auth/signin" ->
        new JsonObject().put("username", subject.username()).put("password", ApiClient.PASSWORD);
      case "POST /api/setup/admin" ->
        new JsonObject().put("token", "not-the-token").put("username", api.uniqueName("adm"))
            .put("displayName", "Adm").put("password", ApiClient.PASSWORD);
      case "POST /api/conversations" -> new JsonObject().put("kind", "group").put("title", "Route check")
          .put("memberIds", new JsonArray());
      case "PATCH /api/conversations/:id" -> new JsonObject().put("title", groupTitle);
      case "POST /api/conversations/:id/members" ->
        new JsonObject().put("accountIds", new JsonArray().add(subject.id()));
      case "POST /api/conversations/:id/messages" ->
        new JsonObject().put("clientId", "c" + UUID.randomUUID()).put("text", "hi");
      case "POST /api/conversations/:id/read" -> new JsonObject().put("seq", 1);
      case "PUT /api/conversations/:id/members/:accountId/role" -> new JsonObject().put("role", "admin");
      case "PATCH /api/conversations/:id/messages/:messageId" -> new JsonObject().put("text", "edited");
      case "POST /api/admin/accounts/:id/roles" -> new JsonObject().put("role", "developer");
      case "POST /api/tokens" -> new JsonObject().put("name", "route check");
      case "PATCH /api/me" -> new JsonObject().put("about", "route check");
      case "POST /api/apps/:appId/launch" -> new JsonObject();
      case "POST /api/conversations/:id/apps" -> new JsonObject().put("appId", appId);
      case "POST /api/conversations/:id/commands" -> new JsonObject().put("text", "/hello route check");
      case "POST /api/conversations/:id/messages/:messageId/actions" -> new JsonObject().put("actionId", "vote");
      case "POST /api/conversations/:id/apps/:appId/calls" -> new JsonObject().put("capability", "profile.read");
      case "POST /api/conversations/:id/apps/:appId/launch" -> new JsonObject();
      case "POST /api/apps/:appId/consent" -> new JsonObject().put("permissions", new JsonArray().add("profile.read"));
      case "POST /api/developer/apps" -> new JsonObject().put("id", TestApps.appId(api, "route"))
          .put("name", "Route check").put("description", "made by a test").put("category", "tools");
      case "PATCH /api/developer/apps/:appId" -> new JsonObject().put("description", "checked by a test");
      case "POST /api/developer/apps/:appId/versions/:version/submit",
          "POST /api/admin/apps/:appId/versions/:version/approve",
          "POST /api/admin/apps/:appId/unsuspend" ->
        new JsonObject();
      case "POST /api/admin/apps/:appId/versions/:version/reject" -> new JsonObject().put("reason", "route check");
      case "POST /api/admin/apps/:appId/suspend" -> new JsonObject().put("reason", "route check");
      case "POST /api/reports" -> new JsonObject().put("reason", "spam").put("accountId", subject.id());
      case "POST /api/admin/accounts/:id/warn", "POST /api/admin/accounts/:id/suspend",
          "POST /api/admin/accounts/:id/restore",
          "POST /api/admin/conversations/:conversationId/messages/:messageId/remove" ->
        new JsonObject().put("reason", "route check");
      case "POST /api/admin/reports/:reportId/resolve", "POST /api/admin/reports/:reportId/dismiss" ->
        new JsonObject();
      case "POST /api/wallet/topups" -> new JsonObject().put("currency", "EUR").put("amount", "10.00")
          .put("card", "4242 4242 4242 4242").put("idempotencyKey", UUID.randomUUID().toString());
      case "POST /api/payments" -> new JsonObject().put("toAccountId", subject.id()).put("currency", "EUR")
          .put("amount", "1.00").put("note", "route check").put("idempotencyKey", UUID.randomUUID().toString());
      default -> null;
    };
    if (key.equals("POST /api/auth/signout") && caller == owner) {
      caller = api.newSession(owner); // do not end the session the other calls use
    }
    Buffer buffer = body == null ? null : body.toBuffer();
    return api.request(HttpMethod.valueOf(method), path, caller, buffer, body == null ? null : "application/json");
  }

  @Test
  void conversationWrites_byABlockedPerson_areRefused_withAProblemThatSaysNoMore() {
    TestUser blocker = api.signUp("Blocker");
    TestUser blocked = api.signUp("Blocked");
    String direct = api.direct(blocked, blocker).getString("id");
    String own = api.group(blocked, "Own " + UUID.randomUUID()).getString("id");
    assertThat(api.request(HttpMethod.PUT, "/api/blocks/" + blocked.id(), blocker, null, null).status())
        .isEqualTo(200);
    Map<String, Reply> refused = new LinkedHashMap<>();
    refused.put("POST /api/conversations/:id/messages", api.post("/api/conversations/" + direct + "/messages", blocked,
        new JsonObject().put("clientId", "c" + UUID.randomUUID()).put("text", "hi")));
    refused.put("POST /api/conversations (direct)", api.post("/api/conversations", blocked,
        new JsonObject().put("kind", "group").put("title", "g").put("memberIds", new JsonArray().add(blocker.id()))));
    refused.put("POST /api/conversations/:id/members", api.post("/api/conversations/" + own + "/members", blocked,
        new JsonObject().put("accountIds", new JsonArray().add(blocker.id()))));
    refused.forEach((route, reply) -> {
      assertThat(reply.status()).as("%s: %s", route, reply).isEqualTo(403);
      assertThat(reply.json().getString("type")).as(route).isEqualTo("https://parley.dev/problems/cannot-message");
      assertThat(reply.body()).as(route).doesNotContainIgnoringCase("block").doesNotContain(blocker.username());
    });
  }

  private void assertHarmlessProblem(String route, Reply reply) {
    if (route.startsWith("HEAD ")) {
      return; // an answer to HEAD has no body; its status was checked
    }
    assertThat(reply.contentType()).as("%s: %s", route, reply).isEqualTo("application/problem+json");
    JsonObject problem = reply.json();
    assertThat(problem.getInteger("status")).as(route).isEqualTo(reply.status());
    assertThat(problem.getString("title")).as(route).isNotBlank();
    assertThat(problem.fieldNames()).as(route).isSubsetOf("type", "title", "status", "detail", "field",
        "correlationId");
    assertThat(reply.body()).as("%s leaks: %s", route, reply)
        .doesNotContain("Exception", "exception", "dev.parley", "io.vertx", "java.", "org.h2", "\tat ", "SELECT", "sql")
        .doesNotContain(groupTitle, owner.username(), member.username(), owner.id(), member.id(), "the first message");
  }
}
