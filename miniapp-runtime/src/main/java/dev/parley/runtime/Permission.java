package dev.parley.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue of permissions a mini-app may ask for in {@code req_permissions}. A name
 * that is not here is an error at upload. The platform shows {@link #userText()} on the
 * consent sheet and {@link #description()} to reviewers.
 */
public enum Permission {
  /** Post cards (rich messages with buttons) in the conversation. */
  CARDS_POST("cards.post", "Post messages and cards with buttons in the conversation.",
      "post messages and cards in this conversation"),
  /** Read the members of the conversation. */
  MEMBERS_READ("members.read", "Read the list of members of the conversation (ids and display names).",
      "see who is in this conversation"),
  /** Read the profile of the user who launched the app. */
  PROFILE_READ("profile.read", "Read the user's id, username and display name.",
      "see your name and username"),
  /** Keep data for each user. */
  STORAGE_USER("storage.user", "Keep a small key-value store per user, within the declared quota.",
      "remember things for you"),
  /** Keep data for each conversation. */
  STORAGE_CONVERSATION("storage.conversation",
      "Keep a small key-value store per conversation, within the declared quota.",
      "remember things for this conversation"),
  /** Ask the user to pay; the platform always shows its own confirmation sheet. */
  PAYMENTS_REQUEST("payments.request",
      "Ask the user for a payment; the platform shows its own confirmation and moves the money.",
      "ask you to confirm payments"),
  /** Fetch from the domains listed in {@code network.allowed_domains}. */
  NETWORK_FETCH("network.fetch",
      "Make HTTPS requests to the domains listed in network.allowed_domains, through the platform.",
      "connect to its own servers"),
  /** Send notifications to members. */
  NOTIFICATIONS_SEND("notifications.send", "Send notifications to members of the conversation.",
      "send you notifications"),
  /** Upload audio files that the app's pages in the conversation can play. */
  MEDIA_UPLOAD("media.upload",
      "Upload audio files (MP3, Ogg, WAV, FLAC, MP4 audio; at most 20 MiB each) for the app's pages in the conversation.",
      "upload audio files you choose to this conversation"),
  /** Receive files a user sends through the app's card buttons ({@code request_file}). */
  FILES_RECEIVE("files.receive",
      "Receive the files (photos, documents) a user sends with the app's request_file card buttons, and read their bytes.",
      "receive the photos and files you send it");

  private static final List<Permission> ALL = List.of(values());

  private final String permissionName;
  private final String description;
  private final String userText;

  Permission(String permissionName, String description, String userText) {
    this.permissionName = permissionName;
    this.description = description;
    this.userText = userText;
  }

  /** Returns the name used in manifests, such as {@code cards.post}. */
  public String permissionName() {
    return permissionName;
  }

  /** Returns what the permission allows, for reviewers and developers. */
  public String description() {
    return description;
  }

  /** Returns the words shown to users: "The app wants to ..." followed by this text. */
  public String userText() {
    return userText;
  }

  /**
   * Finds a permission by its manifest name.
   *
   * @param name such as {@code cards.post}
   * @return the permission, or empty if the name is unknown
   */
  public static Optional<Permission> byName(String name) {
    return ALL.stream().filter(p -> p.permissionName.equals(name)).findFirst();
  }

  /** Returns the whole catalogue, in a stable order. */
  public static List<Permission> catalogue() {
    return ALL;
  }

  /** Returns the manifest names of the catalogue, in a stable order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(Permission::permissionName).toList();
  }
}
