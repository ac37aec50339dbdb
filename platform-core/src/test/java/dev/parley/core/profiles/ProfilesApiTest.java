package dev.parley.core.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.LiveClient;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Profiles through the HTTP API on both databases: the me-object and its changes, the locale,
 * username changes and their reservation, avatars (square, two sizes, no metadata), other people's
 * profiles with presence as the privacy setting allows, and the live profile event.
 */
class ProfilesApiTest extends PlatformTestBase {

  @Test
  void me_answersTheProfileAndPatchChangesEachField() {
    TestUser dana = api.signUp("Dana");
    JsonObject me = api.get("/api/me", dana).json();
    assertThat(me.getString("id")).isEqualTo(dana.id());
    assertThat(me.getJsonArray("roles").getList()).contains("user");
    assertThat(me.containsKey("about")).isTrue();
    assertThat(me.getValue("avatar")).isNull();
    assertThat(me.getValue("locale")).isNull();
    assertThat(me.getString("presencePrivacy")).isEqualTo("everyone");

    Reply patched = api.patch("/api/me", dana, new JsonObject().put("displayName", "Dana D.")
        .put("about", "  Coffee first.  ").put("locale", "de").put("presencePrivacy", "contacts"));
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().getString("displayName")).isEqualTo("Dana D.");
    assertThat(patched.json().getString("about")).isEqualTo("Coffee first.");
    assertThat(patched.json().getString("locale")).isEqualTo("de");
    assertThat(patched.json().getString("presencePrivacy")).isEqualTo("contacts");
    assertThat(api.get("/api/session", dana).json().getJsonObject("account").getString("displayName"))
        .isEqualTo("Dana D.");

    // null clears the locale (the browser's language is used again) and the about
    JsonObject cleared = api.patch("/api/me", dana, new JsonObject().putNull("locale").putNull("about")).json();
    assertThat(cleared.getValue("locale")).isNull();
    assertThat(cleared.getValue("about")).isNull();
  }

  @Test
  void patch_refusesBadInputNamingTheFieldAndWritesNothing() {
    TestUser erin = api.signUp("Erin");
    assertField(api.patch("/api/me", erin, new JsonObject().put("about", "x".repeat(141))), "/about");
    assertField(api.patch("/api/me", erin, new JsonObject().put("locale", "not a locale")), "/locale");
    assertField(api.patch("/api/me", erin, new JsonObject().put("locale", 7)), "/locale");
    assertField(api.patch("/api/me", erin, new JsonObject().put("presencePrivacy", "friends")), "/presencePrivacy");
    assertField(api.patch("/api/me", erin, new JsonObject().put("displayName", "")), "/displayName");
    assertField(api.patch("/api/me", erin, new JsonObject().put("roles", "admin")), "/roles");
    // one bad field: the good one beside it is not written either
    assertField(api.patch("/api/me", erin, new JsonObject().put("about", "fine").put("presencePrivacy", "x")),
        "/presencePrivacy");
    assertThat(api.get("/api/me", erin).json().getValue("about")).isNull();
    assertThat(api.patch("/api/me", Caller.anonymous(), new JsonObject()).status()).isEqualTo(401);
  }

  @Test
  void rename_reservesTheOldUsernameForItsOwnerOnly() {
    TestUser fay = api.signUp("Fay");
    String old = fay.username();
    String fresh = api.uniqueName("fay_new");
    Reply renamed = api.request(HttpMethod.PUT, "/api/me/username", fay,
        Buffer.buffer(new JsonObject().put("username", fresh).encode()), "application/json");
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    assertThat(renamed.json().getString("username")).isEqualTo(fresh);

    // Nobody else can take the old name meanwhile: not by signing up, not by renaming.
    Reply signUp = api.post("/api/auth/signup", Caller.anonymous(), new JsonObject().put("username", old)
        .put("displayName", "Squatter").put("password", ApiClient.PASSWORD));
    assertField(signUp, "/username");
    TestUser gus = api.signUp("Gus");
    assertField(api.request(HttpMethod.PUT, "/api/me/username", gus,
        Buffer.buffer(new JsonObject().put("username", old).encode()), "application/json"), "/username");
    // The new name is taken too.
    assertField(api.request(HttpMethod.PUT, "/api/me/username", gus,
        Buffer.buffer(new JsonObject().put("username", fresh).encode()), "application/json"), "/username");

    // Its former owner may take it back; then the name in between is reserved for them.
    Reply back = api.request(HttpMethod.PUT, "/api/me/username", fay,
        Buffer.buffer(new JsonObject().put("username", old).encode()), "application/json");
    assertThat(back.status()).as(back.toString()).isEqualTo(200);
    assertThat(api.signIn(old, ApiClient.PASSWORD).id()).isEqualTo(fay.id());

    // Once the reservation has run out, anyone may take the name.
    p.sql("UPDATE username_reservations SET expires_at = 1 WHERE username = ?", fresh);
    Reply taken = api.request(HttpMethod.PUT, "/api/me/username", gus,
        Buffer.buffer(new JsonObject().put("username", fresh).encode()), "application/json");
    assertThat(taken.status()).as(taken.toString()).isEqualTo(200);
  }

  @Test
  void avatar_isCroppedSquareInTwoSizesWithoutMetadataAndServedToSignedInPeople() {
    TestUser hal = api.signUp("Hal");
    TestUser ivy = api.signUp("Ivy");
    Reply up = api.request(HttpMethod.PUT, "/api/me/avatar?x=100&y=50&size=400", hal,
        Buffer.buffer(Pictures.jpegWithExif(800, 500)), "image/jpeg");
    assertThat(up.status()).as(up.toString()).isEqualTo(200);
    JsonObject avatar = up.json().getJsonObject("avatar");
    assertThat(avatar.getString("small")).startsWith("/api/people/" + hal.id() + "/avatar/small?v=");
    assertThat(avatar.getString("large")).startsWith("/api/people/" + hal.id() + "/avatar/large?v=");

    Reply small = api.get(avatar.getString("small"), ivy);
    assertThat(small.status()).isEqualTo(200);
    assertThat(small.contentType()).isEqualTo("image/jpeg");
    assertThat(small.header("Cache-Control")).contains("immutable");
    assertThat(small.body()).doesNotContain(Pictures.MARKER).doesNotContain("Exif");
    assertThat(api.get(avatar.getString("large"), Caller.anonymous()).status()).isEqualTo(401);
    JsonObject row = p.sql("SELECT small, large FROM avatars WHERE account_id = ?", hal.id()).get(0);
    assertThat(AvatarSizes.side(row, "small")).isEqualTo(64);
    assertThat(AvatarSizes.side(row, "large")).isEqualTo(400); // never scaled up

    // A new picture gets a new URL; removing it goes back to initials.
    Reply again = api.request(HttpMethod.PUT, "/api/me/avatar", hal, Buffer.buffer(Pictures.image("png", 900, 900)),
        "image/png");
    assertThat(again.json().getJsonObject("avatar").getString("small")).isNotEqualTo(avatar.getString("small"));
    assertThat(AvatarSizes.side(p.sql("SELECT small, large FROM avatars WHERE account_id = ?", hal.id()).get(0),
        "large")).isEqualTo(512);
    Reply removed = api.delete("/api/me/avatar", hal);
    assertThat(removed.json().getValue("avatar")).isNull();
    assertThat(api.get(avatar.getString("small"), ivy).status()).isEqualTo(404);
  }

  @Test
  void avatar_refusesWhatIsNotAPictureAndACropOutsideIt() {
    TestUser jo = api.signUp("Jo");
    assertField(api.request(HttpMethod.PUT, "/api/me/avatar", jo, Buffer.buffer("<svg onload=alert(1)>"),
        "image/png"), "/file");
    byte[] jpeg = Pictures.image("jpg", 300, 200);
    assertField(api.request(HttpMethod.PUT, "/api/me/avatar", jo,
        Buffer.buffer(java.util.Arrays.copyOf(jpeg, 200)), "image/jpeg"), "/file");
    assertField(api.request(HttpMethod.PUT, "/api/me/avatar?x=200&y=0&size=200", jo, Buffer.buffer(jpeg),
        "image/jpeg"), "/crop");
    assertField(api.request(HttpMethod.PUT, "/api/me/avatar?size=-5", jo, Buffer.buffer(jpeg), "image/jpeg"),
        "/crop");
    assertField(api.request(HttpMethod.PUT, "/api/me/avatar", jo, Buffer.buffer(), "image/jpeg"), "/file");
    assertThat(api.get("/api/me", jo).json().getValue("avatar")).isNull();
  }

  @Test
  void person_showsPresenceOnlyAsThePrivacySettingAllows() {
    TestUser kim = api.signUp("Kim");
    TestUser contact = api.signUp("Lee");
    TestUser stranger = api.signUp("Max");
    api.direct(kim, contact);

    JsonObject seen = api.get("/api/people/" + kim.id(), stranger).json();
    assertThat(seen.getString("displayName")).isEqualTo("Kim");
    assertThat(seen.getJsonObject("presence")).isNotNull();
    assertThat(seen.getJsonObject("presence").getString("lastSeenAt")).isNotNull();
    assertThat(seen.containsKey("roles")).isFalse();

    api.patch("/api/me", kim, new JsonObject().put("presencePrivacy", "contacts"));
    assertThat(api.get("/api/people/" + kim.id(), contact).json().getJsonObject("presence")).isNotNull();
    assertThat(api.get("/api/people/" + kim.id(), stranger).json().getValue("presence")).isNull();
    assertThat(api.get("/api/people/" + kim.id(), stranger).body()).doesNotContain("lastSeenAt", "online");

    api.patch("/api/me", kim, new JsonObject().put("presencePrivacy", "nobody"));
    assertThat(api.get("/api/people/" + kim.id(), contact).json().getValue("presence")).isNull();
    assertThat(api.get("/api/people/" + kim.id(), kim).json().getJsonObject("presence")).isNotNull();

    assertThat(api.get("/api/people/" + "a".repeat(20), kim).status()).isEqualTo(404);
    assertThat(api.get("/api/people/nonsense", kim).status()).isEqualTo(404);
  }

  @Test
  void person_isOnlineWhileALiveSessionIsOpen() {
    TestUser ned = api.signUp("Ned");
    TestUser olive = api.signUp("Olive");
    assertThat(api.get("/api/people/" + ned.id(), olive).json().getJsonObject("presence").getBoolean("online"))
        .isFalse();
    try (LiveClient live = api.live(ned)) {
      assertThat(api.get("/api/people/" + ned.id(), olive).json().getJsonObject("presence").getBoolean("online"))
          .isTrue();
    }
  }

  @Test
  void profileChanges_reachEveryoneWhoSharesAConversationLive() {
    TestUser pam = api.signUp("Pam");
    TestUser quin = api.signUp("Quin");
    api.direct(pam, quin);
    try (LiveClient live = api.live(quin)) {
      api.patch("/api/me", pam, new JsonObject().put("displayName", "Pam P.").put("about", "hi"));
      JsonObject event = live.next("profile");
      assertThat(event.getJsonObject("person").getString("id")).isEqualTo(pam.id());
      assertThat(event.getJsonObject("person").getString("displayName")).isEqualTo("Pam P.");
      assertThat(event.getJsonObject("person").getString("about")).isEqualTo("hi");
      assertThat(event.getJsonObject("person").containsKey("presence")).isFalse();

      api.request(HttpMethod.PUT, "/api/me/avatar", pam, Buffer.buffer(Pictures.image("png", 100, 100)),
          "image/png");
      assertThat(live.next("profile").getJsonObject("person").getJsonObject("avatar").getString("small"))
          .contains(pam.id());
    }
  }

  private static void assertField(Reply reply, String field) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
    assertThat(reply.json().getString("field")).as(reply.toString()).isEqualTo(field);
    assertThat(reply.contentType()).isEqualTo("application/problem+json");
  }
}
