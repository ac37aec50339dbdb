package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.Reply;
import dev.parley.core.Routes;
import dev.parley.core.TestApps;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestUser;
import dev.parley.core.money.gifting.SplitMode;
import dev.parley.server.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may call what, through the whole server as {@code Main} assembles it: every route of its
 * router (the routes of every {@code RouteSet}, the web clients and the admin console, walked with
 * {@link Routes}) called by five callers, each answer checked against this table. A route added
 * without its row fails {@link #everyRouteOfTheServer_hasARow()}; a row for a route that is gone
 * fails it too.
 *
 * <p>The callers: nobody signed in; a plain user who is a member of the test's group; a developer
 * who neither owns the test's app nor is in the group; a plain user outside the group; and an admin
 * who neither owns the app nor is in the group. A cell is an exact status for a refusal ({@code 401},
 * {@code 403}, {@code 404}) and a class for what gets through ({@code 2xx}, or {@code 4xx} where the
 * test's request names nothing real, like a payment request id). Every request is otherwise valid,
 * so a refusal comes from access and nothing else.
 */
class AccessMatrixTest {

  private static final String[] CALLERS = {"anonymous", "member", "rival developer", "outsider", "admin"};
  private static final String NO_SUCH_ID = "abcdefghijklmnopqrst"; // the shape of an id, naming nothing

  /** Route to expected answers, one per caller in {@link #CALLERS} order; rows run in this order. */
  private static final Map<String, String> TABLE = new LinkedHashMap<>();

  static {
    // public
    row("POST /api/auth/signup", "2xx 2xx 2xx 2xx 2xx");
    row("POST /api/auth/signin", "2xx 2xx 2xx 2xx 2xx");
    row("POST /api/setup/admin", "4xx 4xx 4xx 4xx 4xx"); // no setup token: nobody gets through
    row("GET /health/live", "2xx 2xx 2xx 2xx 2xx");
    row("GET /health/ready", "2xx 2xx 2xx 2xx 2xx");
    row("GET /health", "2xx 2xx 2xx 2xx 2xx");
    row("GET /api/openapi.yaml", "2xx 2xx 2xx 2xx 2xx");
    row("GET /api/openapi.json", "2xx 2xx 2xx 2xx 2xx");
    row("GET /api/platform-key", "2xx 2xx 2xx 2xx 2xx");
    row("GET /api/time", "2xx 2xx 2xx 2xx 2xx");
    row("POST /api/dev/csp-reports/:appId", "404 404 404 404 404"); // only an app with a development version
    // a live app's server code: its developer's and the reviewers' only (issue 19, finding 8)
    row("GET /static/apps/:appId/:digest/*", "404 404 404 404 2xx");
    row("HEAD /static/apps/:appId/:digest/*", "404 404 404 404 2xx");
    // any account
    row("GET /api/live", "401 4xx 4xx 4xx 4xx"); // a plain GET, not a WebSocket upgrade
    row("GET /api/session", "401 2xx 2xx 2xx 2xx");
    row("POST /api/auth/signout", "401 2xx 2xx 2xx 2xx");
    row("GET /api/accounts", "401 2xx 2xx 2xx 2xx");
    row("GET /api/conversations", "401 2xx 2xx 2xx 2xx");
    row("POST /api/conversations", "401 2xx 2xx 2xx 2xx");
    row("GET /api/apps", "401 2xx 2xx 2xx 2xx");
    row("POST /api/apps/:appId/launch", "401 2xx 2xx 2xx 2xx");
    row("GET /api/me/notifications", "401 2xx 2xx 2xx 2xx");
    row("GET /api/permissions", "401 2xx 2xx 2xx 2xx");
    row("GET /api/me/consents", "401 2xx 2xx 2xx 2xx");
    row("POST /api/apps/:appId/consent", "401 2xx 2xx 2xx 2xx");
    row("DELETE /api/apps/:appId/consent/:permission", "401 2xx 2xx 2xx 2xx");
    row("DELETE /api/apps/:appId/consent", "401 2xx 2xx 2xx 2xx");
    row("GET /api/me/pins", "401 2xx 2xx 2xx 2xx");
    row("PUT /api/me/pins/:appId", "401 2xx 2xx 2xx 2xx");
    row("DELETE /api/me/pins/:appId", "401 2xx 2xx 2xx 2xx");
    row("GET /api/search", "401 2xx 2xx 2xx 2xx");
    // safety (issue 17): one's own blocks and reports (a fresh subject is blocked; the app's owner reported)
    row("GET /api/blocks", "401 2xx 2xx 2xx 2xx");
    row("PUT /api/blocks/:accountId", "401 2xx 2xx 2xx 2xx");
    row("DELETE /api/blocks/:accountId", "401 2xx 2xx 2xx 2xx");
    row("POST /api/reports", "401 2xx 2xx 2xx 2xx");
    // business webhooks (issue 21): the Business API takes a business API key only (no caller here has
    // one: 401 for all); the console's routes are the business owner's (anyone else: 404)
    for (String base : List.of("/api/business/v1/webhooks", "/api/businesses/:businessId/webhooks")) {
      String cells = base.contains("/v1/") ? "401 401 401 401 401" : "401 404 404 404 404";
      row("GET " + base, cells);
      row("POST " + base, cells);
      row("GET " + base + "/deliveries", cells);
      row("POST " + base + "/deliveries/:deliveryId/replay", cells);
      row("PATCH " + base + "/:endpointId", cells);
      row("DELETE " + base + "/:endpointId", cells);
      row("POST " + base + "/:endpointId/rotate-secret", cells);
    }
    // profiles and account security (issue 17): the caller's own; a person or session the test names
    // nothing real (404); routes that need a picture, a code or a password get none here (4xx)
    row("POST /api/auth/reset", "4xx 4xx 4xx 4xx 4xx");
    row("POST /api/auth/forgot", "4xx 4xx 4xx 4xx 4xx"); // public; names no account here (400)
    row("GET /api/me", "401 2xx 2xx 2xx 2xx");
    row("PATCH /api/me", "401 2xx 2xx 2xx 2xx");
    row("PUT /api/me/username", "401 4xx 4xx 4xx 4xx");
    row("PUT /api/me/avatar", "401 4xx 4xx 4xx 4xx");
    row("DELETE /api/me/avatar", "401 2xx 2xx 2xx 2xx");
    row("GET /api/people/:id", "401 404 404 404 404");
    row("GET /api/people/:id/avatar/:size", "401 404 404 404 404");
    row("POST /api/me/password", "401 4xx 4xx 4xx 4xx");
    row("GET /api/me/sessions", "401 2xx 2xx 2xx 2xx");
    row("POST /api/me/sessions/sign-out-others", "401 2xx 2xx 2xx 2xx");
    row("DELETE /api/me/sessions/:id", "401 404 404 404 404");
    row("GET /api/me/two-factor", "401 2xx 2xx 2xx 2xx");
    row("POST /api/me/two-factor/setup", "401 2xx 2xx 2xx 2xx");
    row("POST /api/me/two-factor/enable", "401 4xx 4xx 4xx 4xx");
    row("POST /api/me/two-factor/disable", "401 4xx 4xx 4xx 4xx");
    row("POST /api/admin/accounts/:id/reset-link", "401 403 403 403 2xx");
    // attachments (issue 16): tus uploads are their uploader's; an attachment is its uploader's and the
    // members' of a conversation holding a message with it (the test's ids name none: 404)
    row("OPTIONS /api/uploads", "2xx 2xx 2xx 2xx 2xx");
    row("OPTIONS /api/uploads/:id", "2xx 2xx 2xx 2xx 2xx");
    row("POST /api/uploads", "401 2xx 2xx 2xx 2xx");
    row("HEAD /api/uploads/:id", "401 404 404 404 404");
    row("GET /api/uploads/:id", "401 404 404 404 404");
    row("PATCH /api/uploads/:id", "401 404 404 404 404");
    row("DELETE /api/uploads/:id", "401 404 404 404 404");
    row("GET /api/attachments/:id", "401 404 404 404 404");
    row("POST /api/attachments/:id/link", "401 404 404 404 404");
    row("GET /api/attachments/:id/content", "401 404 404 404 404");
    row("HEAD /api/attachments/:id/content", "401 404 404 404 404");
    row("GET /api/attachments/:id/preview", "401 404 404 404 404");
    row("HEAD /api/attachments/:id/preview", "401 404 404 404 404");
    row("GET /api/conversations/:id/attachments", "401 2xx 404 404 404");
    row("GET /api/me/storage", "401 2xx 2xx 2xx 2xx");
    // link previews: no url (400) and no such image (404) for everyone signed in; Web Push is off by
    // default, so its routes are 404 for everyone signed in (PushApiTest has it on)
    row("GET /api/link-preview", "401 4xx 4xx 4xx 4xx");
    row("GET /api/link-preview/image/:key", "401 4xx 4xx 4xx 4xx");
    row("GET /api/push/key", "401 404 404 404 404");
    row("POST /api/push/subscriptions", "401 404 404 404 404");
    row("DELETE /api/push/subscriptions", "401 404 404 404 404");
    row("GET /api/wallet", "401 2xx 2xx 2xx 2xx");
    row("GET /api/wallet/history", "401 2xx 2xx 2xx 2xx");
    row("POST /api/wallet/topups", "401 2xx 2xx 2xx 2xx");
    row("POST /api/payments", "401 2xx 2xx 2xx 2xx");
    // payment requests: only their payer or payee sees one; an unknown id is 404 for everyone
    row("GET /api/payment-requests", "401 2xx 2xx 2xx 2xx");
    row("GET /api/payment-requests/:requestId", "401 404 404 404 404");
    row("POST /api/payment-requests/:requestId/confirm", "401 404 404 404 404");
    row("POST /api/payment-requests/:requestId/cancel", "401 404 404 404 404");
    row("POST /api/payment-requests/:requestId/refund", "401 404 404 404 404");
    // members of the conversation; others get 404, as for a conversation that does not exist
    row("GET /api/conversations/:id", "401 2xx 404 404 404");
    row("PATCH /api/conversations/:id", "401 2xx 404 404 404");
    row("POST /api/conversations/:id/members", "401 2xx 404 404 404");
    row("DELETE /api/conversations/:id/members/:accountId", "401 403 404 404 404"); // the owner removes others
    row("GET /api/conversations/:id/messages", "401 2xx 404 404 404");
    row("POST /api/conversations/:id/messages", "401 2xx 404 404 404");
    row("POST /api/conversations/:id/read", "401 2xx 404 404 404");
    row("PUT /api/conversations/:id/mute", "401 2xx 404 404 404");
    row("DELETE /api/conversations/:id/mute", "401 2xx 404 404 404");
    // everyday messenger features (issue 17): the test's member is a plain member; pinning is the
    // admins' by default (403 group-right), roles the owner's; the test's ids name no message or link
    row("PUT /api/conversations/:id/archive", "401 2xx 404 404 404");
    row("DELETE /api/conversations/:id/archive", "401 2xx 404 404 404");
    row("PUT /api/conversations/:id/pin", "401 2xx 404 404 404");
    row("DELETE /api/conversations/:id/pin", "401 2xx 404 404 404");
    row("GET /api/conversations/:id/pins", "401 2xx 404 404 404");
    row("PUT /api/conversations/:id/pins/:messageId", "401 403 404 404 404");
    row("DELETE /api/conversations/:id/pins/:messageId", "401 403 404 404 404");
    row("PUT /api/conversations/:id/members/:accountId/role", "401 403 404 404 404");
    row("GET /api/conversations/:id/invites", "401 2xx 404 404 404");
    row("POST /api/conversations/:id/invites", "401 2xx 404 404 404");
    row("DELETE /api/conversations/:id/invites/:inviteId", "401 404 404 404 404");
    row("GET /api/invites/:token", "401 404 404 404 404");
    row("POST /api/invites/:token/join", "401 404 404 404 404");
    row("POST /api/conversations/:id/apps", "401 2xx 404 404 404");
    row("GET /api/conversations/:id/apps", "401 2xx 404 404 404");
    row("POST /api/conversations/:id/commands", "401 2xx 404 404 404");
    row("POST /api/conversations/:id/messages/:messageId/actions", "401 4xx 404 404 404"); // no such card
    // message actions: the test's message id names nothing, so a member gets 404 too
    row("PATCH /api/conversations/:id/messages/:messageId", "401 404 404 404 404");
    row("DELETE /api/conversations/:id/messages/:messageId", "401 404 404 404 404");
    row("GET /api/conversations/:id/messages/:messageId/edits", "401 404 404 404 404");
    row("PUT /api/conversations/:id/messages/:messageId/reactions/:emoji", "401 404 404 404 404");
    row("DELETE /api/conversations/:id/messages/:messageId/reactions/:emoji", "401 404 404 404 404");
    // ephemeral answers: a member's own list; the test's message id names nothing, so 404 for a member too
    row("GET /api/conversations/:id/ephemeral", "401 2xx 404 404 404");
    row("DELETE /api/conversations/:id/ephemeral/:messageId", "401 404 404 404 404");
    row("POST /api/conversations/:id/ephemeral/:messageId/share", "401 404 404 404 404");
    row("POST /api/conversations/:id/apps/:appId/calls", "401 403 404 404 404"); // through: refused the permission
    row("POST /api/conversations/:id/apps/:appId/media", "401 4xx 404 404 404"); // the app asks no media.upload
    row("POST /api/conversations/:id/apps/:appId/launch", "401 2xx 404 404 404");
    row("DELETE /api/conversations/:id/apps/:appId", "401 2xx 404 404 404");
    row("GET /api/red-packets/:id", "401 2xx 404 404 404");
    row("POST /api/red-packets/:id/claim", "401 2xx 404 404 404");
    // developers: their own apps; another developer's app is 404; admins (who hold every role) read any
    // app but change only their own (403)
    row("GET /api/tokens", "401 403 2xx 403 2xx");
    row("POST /api/tokens", "401 403 2xx 403 2xx");
    row("DELETE /api/tokens/:id", "401 403 2xx 403 404"); // the rival's token
    row("GET /api/developer/apps", "401 403 2xx 403 2xx");
    row("POST /api/developer/apps", "401 403 2xx 403 2xx");
    row("GET /api/developer/apps/:appId", "401 403 404 403 2xx");
    row("PATCH /api/developer/apps/:appId", "401 403 404 403 403");
    row("GET /api/developer/apps/:appId/versions", "401 403 404 403 2xx");
    row("POST /api/developer/apps/:appId/versions", "401 403 404 403 403");
    row("POST /api/developer/apps/:appId/dev", "401 403 404 403 403"); // a development version: the owner's only
    row("GET /api/developer/apps/:appId/versions/:version", "401 403 404 403 2xx");
    row("POST /api/developer/apps/:appId/versions/:version/submit", "401 403 404 403 403");
    row("POST /api/developer/apps/:appId/versions/:version/withdraw", "401 403 404 403 403");
    row("POST /api/developer/apps/:appId/versions/:version/release", "401 403 404 403 403");
    row("GET /api/developer/apps/:appId/reviews", "401 403 404 403 2xx");
    row("POST /api/developer/apps/:appId/secret", "401 403 404 403 403");
    row("GET /api/developer/apps/:appId/usage", "401 403 404 403 2xx");
    row("GET /api/developer/apps/:appId/logs", "401 403 404 403 2xx");
    // admins
    row("GET /api/admin/accounts", "401 403 403 403 2xx");
    row("POST /api/admin/accounts/:id/roles", "401 403 403 403 2xx");
    row("DELETE /api/admin/accounts/:id/roles/:role", "401 403 403 403 2xx");
    row("GET /api/admin/reviews", "401 403 403 403 2xx");
    row("GET /api/admin/apps", "401 403 403 403 2xx");
    row("GET /api/admin/apps/:appId", "401 403 403 403 2xx");
    row("POST /api/admin/apps/:appId/versions/:version/approve", "401 403 403 403 2xx");
    row("POST /api/admin/apps/:appId/versions/:version/reject", "401 403 403 403 2xx");
    row("POST /api/admin/apps/:appId/versions/:version/release", "401 403 403 403 2xx");
    row("POST /api/admin/apps/:appId/suspend", "401 403 403 403 2xx");
    row("POST /api/admin/apps/:appId/unsuspend", "401 403 403 403 2xx");
    row("GET /api/admin/audit", "401 403 403 403 2xx");
    row("GET /api/admin/ledger/reconcile", "401 403 403 403 2xx");
    // businesses (issue 21): the owner's (a developer's) own; other developers and admins see 404
    row("POST /api/businesses", "401 403 2xx 403 2xx");
    row("GET /api/businesses", "401 403 2xx 403 2xx");
    row("GET /api/businesses/:businessId", "401 403 404 403 404");
    row("PATCH /api/businesses/:businessId", "401 403 404 403 404");
    row("GET /api/businesses/:businessId/keys", "401 403 404 403 404");
    row("POST /api/businesses/:businessId/keys", "401 403 404 403 404");
    row("DELETE /api/businesses/:businessId/keys/:keyId", "401 403 404 403 404");
    row("GET /api/admin/businesses", "401 403 403 403 2xx");
    row("POST /api/admin/businesses/:businessId/review", "401 403 403 403 4xx"); // already verified: 409
    row("GET /api/directory/businesses", "401 2xx 2xx 2xx 2xx");
    row("GET /api/directory/businesses/:handle", "401 2xx 2xx 2xx 2xx");
    row("GET /api/directory/businesses/:handle/logo", "401 404 404 404 404"); // it has no logo
    row("POST /api/directory/businesses/:handle/conversations", "401 2xx 2xx 2xx 2xx");
    row("PUT /api/directory/businesses/:handle/block", "401 2xx 2xx 2xx 2xx");
    row("DELETE /api/directory/businesses/:handle/block", "401 2xx 2xx 2xx 2xx");
    row("PUT /api/directory/businesses/:handle/share", "401 2xx 2xx 2xx 2xx");
    row("DELETE /api/directory/businesses/:handle/share", "401 2xx 2xx 2xx 2xx");
    // the Business API takes a business's key only: no session or personal token gets in
    row("GET /api/business/v1/openapi.yaml", "2xx 2xx 2xx 2xx 2xx");
    row("GET /api/business/v1/business", "401 401 401 401 401");
    row("POST /api/business/v1/conversations/:conversationId/messages", "401 401 401 401 401");
    row("GET /api/business/v1/conversations/:conversationId/messages", "401 401 401 401 401");
    row("POST /api/business/v1/conversations/:conversationId/read", "401 401 401 401 401");
    row("POST /api/business/v1/conversations/:conversationId/typing", "401 401 401 401 401");
    row("POST /api/business/v1/media", "401 401 401 401 401");
    row("POST /api/business/v1/media/:attachmentId/link", "401 401 401 401 401");
    row("GET /api/business/v1/templates", "401 401 401 401 401");
    row("POST /api/business/v1/templates", "401 401 401 401 401");
    row("DELETE /api/business/v1/templates/:templateId", "401 401 401 401 401");
    row("GET /api/business/v1/campaigns", "401 401 401 401 401");
    // customer care (issue 22): the inbox is its business's owner's, supervisors' and agents' (none of the callers:
    // 404 before any body is read); the agent request and rating are the conversation's customer's (none here: 404)
    row("GET /api/care/inboxes", "401 2xx 2xx 2xx 2xx");
    row("GET /api/care/businesses/:businessId/agents", "401 404 404 404 404");
    row("POST /api/care/businesses/:businessId/agents", "401 404 404 404 404");
    row("PATCH /api/care/businesses/:businessId/agents/:agentId", "401 404 404 404 404");
    row("DELETE /api/care/businesses/:businessId/agents/:agentId", "401 404 404 404 404");
    row("PUT /api/care/businesses/:businessId/me/availability", "401 404 404 404 404");
    row("GET /api/care/businesses/:businessId/teams", "401 404 404 404 404");
    row("POST /api/care/businesses/:businessId/teams", "401 404 404 404 404");
    row("PATCH /api/care/businesses/:businessId/teams/:teamId", "401 404 404 404 404");
    row("DELETE /api/care/businesses/:businessId/teams/:teamId", "401 404 404 404 404");
    row("GET /api/care/businesses/:businessId/sla-policies", "401 404 404 404 404");
    row("POST /api/care/businesses/:businessId/sla-policies", "401 404 404 404 404");
    row("PATCH /api/care/businesses/:businessId/sla-policies/:policyId", "401 404 404 404 404");
    row("GET /api/care/businesses/:businessId/canned-replies", "401 404 404 404 404");
    row("POST /api/care/businesses/:businessId/canned-replies", "401 404 404 404 404");
    row("PATCH /api/care/businesses/:businessId/canned-replies/:replyId", "401 404 404 404 404");
    row("DELETE /api/care/businesses/:businessId/canned-replies/:replyId", "401 404 404 404 404");
    row("POST /api/care/businesses/:businessId/canned-replies/:replyId/render", "401 404 404 404 404");
    row("GET /api/care/businesses/:businessId/reports", "401 404 404 404 404");
    row("GET /api/care/businesses/:businessId/conversations", "401 404 404 404 404");
    row("GET /api/care/businesses/:businessId/conversations/:conversationId", "401 404 404 404 404");
    row("GET /api/care/businesses/:businessId/conversations/:conversationId/messages", "401 404 404 404 404");
    row("POST /api/care/businesses/:businessId/conversations/:conversationId/messages", "401 404 404 404 404");
    row("POST /api/care/businesses/:businessId/conversations/:conversationId/take", "401 404 404 404 404");
    row("POST /api/care/businesses/:businessId/conversations/:conversationId/release", "401 404 404 404 404");
    row("POST /api/care/businesses/:businessId/conversations/:conversationId/resolve", "401 404 404 404 404");
    row("POST /api/care/businesses/:businessId/conversations/:conversationId/reopen", "401 404 404 404 404");
    row("POST /api/care/businesses/:businessId/conversations/:conversationId/snooze", "401 404 404 404 404");
    row("POST /api/care/businesses/:businessId/conversations/:conversationId/assign", "401 404 404 404 404");
    row("PUT /api/care/businesses/:businessId/conversations/:conversationId/labels", "401 404 404 404 404");
    row("POST /api/care/businesses/:businessId/conversations/:conversationId/notes", "401 404 404 404 404");
    row("GET /api/care/businesses/:businessId/conversations/:conversationId/notes", "401 404 404 404 404");
    row("POST /api/care/businesses/:businessId/conversations/:conversationId/typing", "401 404 404 404 404");
    row("POST /api/care/businesses/:businessId/conversations/:conversationId/read", "401 404 404 404 404");
    row("GET /api/conversations/:conversationId/care", "401 404 404 404 404");
    row("POST /api/conversations/:conversationId/agent-request", "401 404 404 404 404");
    row("POST /api/conversations/:conversationId/rating", "401 404 404 404 404");
    row("GET /api/business/v1/conversations/:conversationId/handover", "401 401 401 401 401");
    row("POST /api/business/v1/conversations/:conversationId/handover", "401 401 401 401 401");
    // consent (issue 21): a customer's own choices; the template review is admins'; templates and
    // campaigns are the owner's (another developer or an admin: 404); the test's message ids name nothing
    row("GET /api/me/businesses", "401 2xx 2xx 2xx 2xx");
    row("GET /api/me/businesses/:businessId/consents", "401 2xx 2xx 2xx 2xx");
    row("PUT /api/me/businesses/:businessId/consents/:category", "401 2xx 2xx 2xx 2xx");
    row("DELETE /api/me/businesses/:businessId/consents/:category", "401 2xx 2xx 2xx 2xx");
    row("POST /api/me/business-messages/:messageId/stop", "401 404 404 404 404");
    row("GET /api/me/business-messages/:messageId/why", "401 404 404 404 404");
    row("GET /api/admin/business-templates", "401 403 403 403 2xx");
    row("POST /api/admin/business-templates/:templateId/review", "401 403 403 403 404");
    row("GET /api/businesses/:businessId/templates", "401 403 404 403 404");
    row("GET /api/businesses/:businessId/campaigns", "401 403 404 403 404");
    // moderation (issue 17): admins only; the report, conversation and message ids name nothing (404)
    row("GET /api/admin/reports", "401 403 403 403 2xx");
    row("POST /api/admin/reports/:reportId/resolve", "401 403 403 403 404");
    row("POST /api/admin/reports/:reportId/dismiss", "401 403 403 403 404");
    row("POST /api/admin/accounts/:id/warn", "401 403 403 403 2xx");
    row("POST /api/admin/accounts/:id/suspend", "401 403 403 403 2xx");
    row("POST /api/admin/accounts/:id/restore", "401 403 403 403 2xx");
    row("GET /api/admin/suspensions", "401 403 403 403 2xx");
    row("POST /api/admin/conversations/:conversationId/messages/:messageId/remove", "401 403 403 403 404");
    // the web clients (when built; see WEB_CLIENTS): the console is for admins, the chat's files are public
    row("GET /admin", "401 403 403 403 2xx");
    row("HEAD /admin", "401 403 403 403 2xx");
    row("GET /admin/*", "401 403 403 403 2xx");
    row("HEAD /admin/*", "401 403 403 403 2xx");
    row("GET /admin/signin", "2xx 2xx 2xx 2xx 3xx"); // a regular-expression route; an admin goes on to the console
    row("HEAD /admin/signin", "2xx 2xx 2xx 2xx 3xx");
    row("GET /admin/signin.js", "2xx 2xx 2xx 2xx 2xx");
    row("HEAD /admin/signin.js", "2xx 2xx 2xx 2xx 2xx");
    row("GET /admin/favicon.svg", "2xx 2xx 2xx 2xx 2xx");
    row("HEAD /admin/favicon.svg", "2xx 2xx 2xx 2xx 2xx");
    row("GET /assets/*", "2xx 2xx 2xx 2xx 2xx"); // a file the chat's index.html loads
    row("GET /*", "2xx 2xx 2xx 2xx 2xx"); // the chat's files, and its app shell for every other path
  }

  /**
   * The web clients' routes. A server built without its UIs ({@code -DskipUi}) has only
   * {@code /admin}, {@code /admin/*} and {@code /*}, each answering 503 to everyone.
   */
  private static final List<String> WEB_CLIENTS = List.of("GET /admin", "HEAD /admin", "GET /admin/*",
      "HEAD /admin/*", "GET /admin/signin", "HEAD /admin/signin", "GET /admin/signin.js", "HEAD /admin/signin.js",
      "GET /admin/favicon.svg", "HEAD /admin/favicon.svg", "GET /assets/*", "GET /*");

  /** Regular-expression routes (listed by {@link Routes} with their pattern), by a part of it, and their rows. */
  private static final Map<String, List<String>> PATTERNS = Map.of(
      "/admin/signin", List.of("GET /admin/signin", "HEAD /admin/signin"));

  /** Routes that are not endpoints (body handling, authentication, role checks, catch-alls). */
  private static final List<String> MIDDLEWARE = List.of(
      "ANY /*", // app pages: answers requests to <appId>.apps.<host> only, others pass
      "POST /api/conversations/:id/apps/:appId/media", // upload: holds the body until the checks are done
      "ANY /api/uploads", // tus: holds the body until the checks are done
      "ANY /api/uploads/:id",
      "ANY /api/*", // body handler
      "ANY /api/auth/signup", // public routes: their body is read (strictly) before them, unauthenticated
      "ANY /api/auth/signin",
      "ANY /api/setup/admin",
      "ANY /api/business/v1/webhooks", // the Business API's webhook routes: a key, not a session, authenticates
      "ANY /api/business/v1/webhooks/deliveries",
      "ANY /api/business/v1/webhooks/deliveries/:deliveryId/replay",
      "ANY /api/business/v1/webhooks/:endpointId",
      "ANY /api/business/v1/webhooks/:endpointId/rotate-secret",
      "ANY /api/auth/reset",
      "ANY /api/auth/forgot",
      "ANY /api/*", // authentication of everything after the public routes
      "ANY /api/*", // "no API route" catch-all
      "ANY /api/admin/*", // admin role check
      "ANY /api/tokens/*", // developer role check
      "POST /api/developer/apps/:appId/versions", // upload: refuses a caller without credentials unread
      "POST /api/developer/apps/:appId/versions", // upload: its own, larger body handler
      "POST /api/developer/apps/:appId/dev", // a development version's upload: credentials first, unread
      "POST /api/developer/apps/:appId/dev", // its own, larger body handler
      "POST /api/dev/csp-reports/:appId", // CSP reports: only an app with a development version, unread
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

  private static TestServer server;
  private static ApiClient api;
  private static TestUser admin;
  private static TestUser owner;
  private static TestUser member;
  private static TestUser rival;
  private static TestUser outsider;
  private static String group;
  private static String appId;
  private static String digest;
  private static String redPacket;
  private static JsonObject business;
  private static final AtomicInteger minor = new AtomicInteger();

  private static void row(String route, String cells) {
    String[] split = cells.split(" ");
    if (split.length != CALLERS.length) {
      throw new IllegalArgumentException(route + ": one cell per caller");
    }
    if (TABLE.put(route, cells) != null) {
      throw new IllegalArgumentException(route + ": two rows");
    }
  }

  @BeforeAll
  static void start() {
    server = TestServer.start(Kind.H2, o -> o.setBootstrapAdmin(new JsonObject().put("username", "root")
        .put("password", ApiClient.PASSWORD)));
    api = server.api();
    admin = api.signIn("root", ApiClient.PASSWORD);
    owner = api.signUp("Owner");
    api.grant(admin, owner, "developer");
    rival = api.signUp("Rival");
    api.grant(admin, rival, "developer");
    member = api.signUp("Member");
    outsider = api.signUp("Outsider");
    group = api.group(owner, "Matrix " + UUID.randomUUID(), member).getString("id");
    api.send(owner, group, "the first message");
    appId = TestApps.appId(api, "matrix");
    TestApps.createApp(api, owner, appId);
    digest = TestApps.publish(api, owner, admin, appId, "1.0.0", "profile.read").getString("digest");
    var platform = server.server().platform();
    platform.ledger().topUp(owner.id(), Currency.getInstance("EUR"), 10_00, "4242 4242 4242 4242",
        "matrix:" + UUID.randomUUID()).await();
    redPacket = platform.redPackets().create(owner.id(), group, Currency.getInstance("EUR"), 5_00, 5,
        SplitMode.EQUAL, "matrix", "matrix").await().id();
    business = api.post("/api/businesses", owner, new JsonObject().put("handle", api.uniqueName("matrix"))
        .put("name", "Matrix Co").put("category", "retail").put("privacyUrl", "https://example.com/p")).json();
    api.post("/api/admin/businesses/" + business.getString("id") + "/review", admin,
        new JsonObject().put("decision", "approve"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyRouteOfTheServer_hasARow() {
    List<String> routes = routes();

    List<String> missing = new ArrayList<>(new java.util.LinkedHashSet<>(routes));
    missing.removeAll(TABLE.keySet());
    missing.removeAll(MIDDLEWARE);
    missing.removeAll(OPTIONAL);
    assertThat(missing).as("routes without a row in this test's table").isEmpty();
    List<String> gone = new ArrayList<>(TABLE.keySet());
    gone.removeAll(routes);
    gone.removeAll(WEB_CLIENTS); // mounted by the server on each instance's router, not on the platform's
    assertThat(gone).as("rows for routes the server no longer has").isEmpty();
  }

  /** The server's routes, a regular-expression route as the rows that stand for it. */
  private static List<String> routes() {
    List<String> out = new ArrayList<>();
    for (String route : Routes.of(server.server().platform().router())) {
      if (route.startsWith("REGEX ")) {
        out.addAll(PATTERNS.entrySet().stream().filter(e -> route.contains(e.getKey())).findFirst()
            .map(Map.Entry::getValue).orElse(List.of(route)));
      } else {
        out.add(route);
      }
    }
    return out;
  }

  /** The path of a file the chat's index.html loads from /assets/. */
  private static String chatAsset() {
    try (var in = AccessMatrixTest.class.getClassLoader().getResourceAsStream("webroot/chat-ui/index.html")) {
      String html = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("/assets/[^\"' ]+").matcher(html);
      return m.find() ? m.group() : "/assets/index.js";
    } catch (java.io.IOException | NullPointerException e) {
      return "/assets/index.js";
    }
  }

  /** Whether the web clients were built into the server's class path (not with -DskipUi). */
  private static boolean uiBuilt() {
    return AccessMatrixTest.class.getClassLoader().getResource("webroot/admin-ui/index.html") != null
        && AccessMatrixTest.class.getClassLoader().getResource("webroot/chat-ui/index.html") != null;
  }

  @Test
  void everyRoute_answersEachCallerAsTheTableSays() {
    TestUser[] signedIn = {null, member, rival, outsider, admin};
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, String> row : TABLE.entrySet()) {
      String[] expected = WEB_CLIENTS.contains(row.getKey()) && !uiBuilt()
          ? "503 503 503 503 503".split(" ")
          : row.getValue().split(" ");
      for (int i = 0; i < CALLERS.length; i++) {
        Caller caller = signedIn[i] == null ? Caller.anonymous() : signedIn[i];
        Reply reply = call(row.getKey(), caller, signedIn[i]);
        if (!matches(expected[i], reply.status())) {
          wrong.add(row.getKey() + " as " + CALLERS[i] + ": expected " + expected[i] + ", got " + reply);
        }
        boolean refused = reply.status() == 401 || reply.status() == 403 || reply.status() == 404;
        if (refused && path(row.getKey()).startsWith("/api/")
            && !"application/problem+json".equals(reply.contentType())) {
          wrong.add(row.getKey() + " as " + CALLERS[i] + ": a refusal that is not problem+json: " + reply);
        }
      }
      if (row.getKey().endsWith("/suspend")) {
        assertThat(api.post("/api/admin/apps/" + appId + "/unsuspend", admin, new JsonObject()).status())
            .isEqualTo(200);
      }
    }
    assertThat(wrong).as("answers that differ from the table").isEmpty();
  }

  private static String path(String route) {
    return route.substring(route.indexOf(' ') + 1);
  }

  private static boolean matches(String expected, int status) {
    return switch (expected) {
      case "2xx" -> status >= 200 && status < 300;
      case "3xx" -> status >= 300 && status < 400;
      case "4xx" -> status >= 400 && status < 500;
      default -> status == Integer.parseInt(expected);
    };
  }

  // ---- a valid request for each route ----

  /** Calls {@code route} ("METHOD /path/:param") as {@code caller} ({@code who} when signed in), with a valid body. */
  private static Reply call(String route, Caller caller, TestUser who) {
    String method = route.substring(0, route.indexOf(' '));
    String path = route.substring(route.indexOf(' ') + 1);
    String version = "1.0.0";
    if (path.startsWith("/api/uploads") && !method.equals("OPTIONS")) {
      return tus(method, path.replace(":id", NO_SUCH_ID), caller);
    }
    if (route.equals("POST /api/developer/apps/:appId/dev")) {
      return api.request(HttpMethod.POST, "/api/developer/apps/" + appId + "/dev", caller,
          Buffer.buffer(TestApps.bundle(appId, nextVersion())), "application/zip");
    }
    if (route.equals("POST /api/developer/apps/:appId/versions")) {
      return api.request(HttpMethod.POST, "/api/developer/apps/" + appId + "/versions", caller,
          Buffer.buffer(TestApps.bundle(appId, nextVersion())), "application/zip");
    }
    if (route.endsWith("/submit")) {
      version = nextVersion();
      TestApps.draft(api, owner, appId, version);
    } else if (route.endsWith("/withdraw") || route.endsWith("/approve") || route.endsWith("/reject")) {
      version = nextVersion();
      TestApps.inReview(api, owner, appId, version);
    }
    // the account a request is about: a fresh one where the request changes it (few: sign-ups are slow)
    boolean changesSomeone = path.contains(":accountId") || path.contains("/accounts/:id")
        || route.equals("POST /api/conversations/:id/members");
    TestUser subject = changesSomeone ? api.signUp("Subject") : owner;
    if (path.contains(":accountId")) {
      api.post("/api/conversations/" + group + "/members", owner,
          new JsonObject().put("accountIds", new JsonArray().add(subject.id())));
    }
    if (path.contains("/roles/:role")) {
      api.grant(admin, subject, "developer");
    }
    if (path.contains("/tokens/:id")) {
      String token = api.post("/api/tokens", rival, new JsonObject().put("name", "t")).json().getString("id");
      path = path.replace(":id", token);
    }
    if (route.equals("POST /api/auth/signout") && who != null) {
      caller = api.newSession(who); // keep the session the other calls use
    }
    if (route.equals("POST /api/payments") && who != null) {
      api.post("/api/wallet/topups", who, new JsonObject().put("currency", "EUR").put("amount", "5.00")
          .put("card", "4242 4242 4242 4242").put("idempotencyKey", UUID.randomUUID().toString()));
    }
    path = path.replace(":businessId", business.getString("id")).replace(":handle", business.getString("handle"))
        .replace(":keyId", NO_SUCH_ID).replace(":conversationId", NO_SUCH_ID).replace(":attachmentId", NO_SUCH_ID)
        .replace(":category", "utility").replace(":templateId", NO_SUCH_ID).replace(":agentId", NO_SUCH_ID)
        .replace(":teamId", NO_SUCH_ID).replace(":policyId", NO_SUCH_ID).replace(":replyId", NO_SUCH_ID);
    path = path.replace("/static/apps/:appId/:digest/*", "/static/apps/" + appId + "/" + digest + "/server.js")
        .replace(":appId", appId).replace(":version", version).replace(":permission", "profile.read")
        .replace(":messageId", NO_SUCH_ID).replace(":requestId", NO_SUCH_ID).replace(":emoji", "%F0%9F%91%8D")
        .replace("/red-packets/:id", "/red-packets/" + redPacket)
        .replace("/accounts/:id", "/accounts/" + subject.id()).replace(":role", "developer")
        .replace(":accountId", subject.id()).replace(":id", group)
        .replace("/admin/*", "/admin/apps").replace("/assets/*", chatAsset())
        .replace("/*", "/chats");
    if (path.equals("/api/search")) {
      path += "?q=matrix";
    }
    JsonObject body = body(route, subject);
    return api.request(HttpMethod.valueOf(method), path, caller, body == null ? null : body.toBuffer(),
        body == null ? null : "application/json");
  }

  /** A valid tus request: the protocol's headers, and a one-byte chunk for a PATCH. */
  private static Reply tus(String method, String path, Caller caller) {
    Map<String, String> headers = new java.util.HashMap<>(caller.headers());
    headers.put("Tus-Resumable", "1.0.0");
    Buffer body = null;
    String type = null;
    if (method.equals("POST")) {
      headers.put("Upload-Length", "10");
      headers.put("Upload-Metadata", "filename bWF0cml4LnR4dA==,filetype dGV4dC9wbGFpbg==");
    } else if (method.equals("PATCH")) {
      headers.put("Upload-Offset", "0");
      body = Buffer.buffer("x");
      type = "application/offset+octet-stream";
    }
    return api.request(HttpMethod.valueOf(method), path, () -> headers, body, type);
  }

  private static JsonObject body(String route, TestUser subject) {
    return switch (route) {
      case "POST /api/auth/signup" -> new JsonObject().put("username", api.uniqueName("new"))
          .put("displayName", "New").put("password", ApiClient.PASSWORD);
      case "POST /api/auth/signin" ->
        new JsonObject().put("username", subject.username()).put("password", ApiClient.PASSWORD);
      case "POST /api/setup/admin" -> new JsonObject().put("token", "not-the-token")
          .put("username", api.uniqueName("adm")).put("displayName", "Adm").put("password", ApiClient.PASSWORD);
      case "POST /api/conversations" -> new JsonObject().put("kind", "group").put("title", "Matrix check")
          .put("memberIds", new JsonArray());
      case "PATCH /api/conversations/:id" -> new JsonObject().put("title", "Matrix");
      case "PATCH /api/me" -> new JsonObject().put("about", "matrix");
      case "POST /api/conversations/:id/members" ->
        new JsonObject().put("accountIds", new JsonArray().add(subject.id()));
      case "POST /api/conversations/:id/messages" ->
        new JsonObject().put("clientId", "c" + UUID.randomUUID()).put("text", "hi");
      case "POST /api/conversations/:id/read" -> new JsonObject().put("seq", 1);
      case "POST /api/businesses" -> new JsonObject().put("handle", api.uniqueName("biz")).put("name", "Biz")
          .put("category", "retail").put("privacyUrl", "https://example.com/p");
      case "PATCH /api/businesses/:businessId" -> new JsonObject().put("description", "matrix");
      case "POST /api/businesses/:businessId/keys" -> new JsonObject().put("name", "matrix");
      case "PUT /api/me/businesses/:businessId/consents/:category" -> new JsonObject().put("place", "profile");
      case "POST /api/admin/business-templates/:templateId/review" -> new JsonObject().put("decision", "approve");
      case "POST /api/business/v1/templates" -> new JsonObject();
      case "POST /api/admin/businesses/:businessId/review" -> new JsonObject().put("decision", "approve");
      case "POST /api/directory/businesses/:handle/conversations" -> new JsonObject();
      case "PUT /api/conversations/:id/members/:accountId/role" -> new JsonObject().put("role", "admin");
      case "PATCH /api/conversations/:id/messages/:messageId" -> new JsonObject().put("text", "edited");
      case "POST /api/admin/accounts/:id/roles" -> new JsonObject().put("role", "developer");
      case "POST /api/tokens" -> new JsonObject().put("name", "matrix");
      case "POST /api/conversations/:id/apps" -> new JsonObject().put("appId", appId);
      case "POST /api/conversations/:id/commands" -> new JsonObject().put("text", "/hello matrix");
      case "POST /api/conversations/:id/messages/:messageId/actions" -> new JsonObject().put("actionId", "vote");
      case "POST /api/conversations/:id/apps/:appId/calls" -> new JsonObject().put("capability", "profile.read");
      case "POST /api/apps/:appId/consent" -> new JsonObject().put("permissions", new JsonArray().add("profile.read"));
      case "POST /api/developer/apps" -> new JsonObject().put("id", TestApps.appId(api, "matrix"))
          .put("name", "Matrix check").put("description", "made by a test").put("category", "tools");
      case "PATCH /api/developer/apps/:appId" -> new JsonObject().put("description", "checked by a test");
      case "POST /api/reports" -> new JsonObject().put("reason", "spam").put("accountId", subject.id());
      case "POST /api/admin/accounts/:id/warn", "POST /api/admin/accounts/:id/suspend",
          "POST /api/admin/accounts/:id/restore",
          "POST /api/admin/conversations/:conversationId/messages/:messageId/remove" ->
        new JsonObject().put("reason", "matrix check");
      case "POST /api/admin/reports/:reportId/resolve", "POST /api/admin/reports/:reportId/dismiss" ->
        new JsonObject();
      case "POST /api/admin/apps/:appId/versions/:version/reject", "POST /api/admin/apps/:appId/suspend" ->
        new JsonObject().put("reason", "matrix check");
      case "POST /api/payment-requests/:requestId/confirm", "POST /api/payment-requests/:requestId/refund" ->
        new JsonObject().put("idempotencyKey", UUID.randomUUID().toString());
      case "POST /api/wallet/topups" -> new JsonObject().put("currency", "EUR").put("amount", "10.00")
          .put("card", "4242 4242 4242 4242").put("idempotencyKey", UUID.randomUUID().toString());
      case "POST /api/payments" -> new JsonObject().put("toAccountId", subject.id()).put("currency", "EUR")
          .put("amount", "1.00").put("note", "matrix").put("idempotencyKey", UUID.randomUUID().toString());
      case "POST /api/apps/:appId/launch", "POST /api/conversations/:id/apps/:appId/launch",
          "POST /api/developer/apps/:appId/versions/:version/submit",
          "POST /api/admin/apps/:appId/versions/:version/approve", "POST /api/admin/apps/:appId/unsuspend" ->
        new JsonObject();
      default -> null;
    };
  }

  /** A version number above every earlier one of the test's app. */
  private static String nextVersion() {
    return "1." + minor.incrementAndGet() + ".0";
  }
}
