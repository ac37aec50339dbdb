package dev.parley.core.accounts;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;

/**
 * Sends the reset-link mail over SMTP with Jakarta Mail (Eclipse Angus). Blocking: called only on
 * a worker thread.
 */
final class ResetMailer {

  private static final String TIMEOUT_MILLIS = "15000";

  private final SmtpOptions smtp;
  private final Session session;

  ResetMailer(SmtpOptions smtp) {
    this.smtp = new SmtpOptions(smtp);
    Properties props = new Properties();
    props.put("mail.smtp.host", smtp.getHost());
    props.put("mail.smtp.port", Integer.toString(smtp.getPort()));
    props.put("mail.smtp.connectiontimeout", TIMEOUT_MILLIS);
    props.put("mail.smtp.timeout", TIMEOUT_MILLIS);
    props.put("mail.smtp.writetimeout", TIMEOUT_MILLIS);
    if (smtp.isStartTls()) {
      // Required, not opportunistic: a password-reset link never travels in clear when TLS was asked for.
      props.put("mail.smtp.starttls.enable", "true");
      props.put("mail.smtp.starttls.required", "true");
      props.put("mail.smtp.ssl.checkserveridentity", "true");
    }
    boolean auth = !smtp.getUsername().isEmpty();
    props.put("mail.smtp.auth", Boolean.toString(auth));
    this.session = auth
        ? Session.getInstance(props, new Authenticator() {
          @Override
          protected PasswordAuthentication getPasswordAuthentication() {
            return new PasswordAuthentication(smtp.getUsername(), smtp.getPassword());
          }
        })
        : Session.getInstance(props);
  }

  /** Sends one reset mail to {@code to} for the account {@code username}. */
  void send(String to, String username, String link, Instant expiresAt) throws MessagingException {
    MimeMessage mail = new MimeMessage(session);
    mail.setFrom(new InternetAddress(smtp.sender(), true));
    mail.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
    mail.setSubject("Reset your Parley password", "UTF-8");
    mail.setSentDate(new Date());
    mail.setText("""
        Someone (hopefully you) asked to reset the password of the Parley account "%s".

        Open this link to choose a new password. It works once, until %s:

        %s

        If you did not ask for this, ignore this mail: your password stays as it is.
        """.formatted(username, expiresAt, link), "UTF-8");
    Transport.send(mail);
  }
}
