package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Attachments in the messenger, in two real Chromiums against an in-process server: one member
 * pastes a picture and drags in a PDF, the other sees both appear live with their previews and
 * opens them; a voice message recorded from Chromium's fake microphone is played by the other.
 */
class AttachmentsBrowserTest {

  private static final String PASSWORD = "correct horse battery";
  private static final AtomicInteger NAMES = new AtomicInteger();

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley();

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  private static String unique(String base) {
    return base + ProcessHandle.current().pid() % 1000 + "x" + NAMES.incrementAndGet();
  }

  /** Two people in a new group, both looking at it. */
  private List<ChatPage> groupOfTwo(String group, ChatPage a, ChatPage b) {
    String ann = unique("ann");
    String bob = unique("bob");
    a.signUp(ann, "Ann Archer", PASSWORD);
    b.signUp(bob, "Bob Baker", PASSWORD);
    a.awaitLive();
    b.awaitLive();
    a.createGroup(group, bob);
    a.send("Files coming");
    b.openConversation(group);
    b.awaitMessage("Files coming");
    return List.of(a, b);
  }

  @Test
  void aPastedPictureAndADroppedPdfAppearLiveAndOpen() {
    String group = "Paperwork " + NAMES.incrementAndGet();
    ChatPage a = browsers.chat("ann-desktop", Chromium.Form.DESKTOP);
    ChatPage b = browsers.chat("bob-desktop", Chromium.Form.DESKTOP);
    groupOfTwo(group, a, b);
    a.markDocument();
    b.markDocument();

    // Ann pastes a picture into the message box (a PNG drawn on a canvas) ...
    js(a).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        const c = document.createElement('canvas');
        c.width = 640; c.height = 480;
        const g = c.getContext('2d');
        g.fillStyle = '#3a7'; g.fillRect(0, 0, 640, 480);
        g.fillStyle = '#fc3'; g.beginPath(); g.arc(320, 240, 150, 0, 7); g.fill();
        c.toBlob((blob) => {
          const dt = new DataTransfer();
          dt.items.add(new File([blob], 'meter.png', { type: 'image/png' }));
          const box = document.getElementById('composer-input');
          box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
          done(true);
        }, 'image/png');
        """);
    // ... and drags a PDF onto the conversation.
    js(a).executeScript("""
        const bytes = Uint8Array.from(atob(arguments[0]), (ch) => ch.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], 'statement.pdf', { type: 'application/pdf' }));
        const target = document.querySelector('[data-testid=conversation]');
        for (const type of ['dragenter', 'dragover', 'drop']) {
          target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
        }
        """, Base64.getEncoder().encodeToString(onePagePdf()));

    // Both files upload with a progress bar each and end ready in the tray.
    a.wait.until(d -> a.all("[data-testid=tray-item]").size() == 2);
    a.wait.until(d -> a.all("[data-testid=tray-item][data-status=ready]").size() == 2);
    assertThat(a.all("[data-testid=upload-problem]")).as("no file was refused").isEmpty();

    // A caption, and Enter sends the three together.
    WebElement box = a.clickable("#composer-input");
    box.sendKeys("Meter and statement" + Keys.ENTER);
    a.wait.until(d -> a.all("[data-testid=tray-item]").isEmpty());
    WebElement mine = a.awaitMessage("Meter and statement");
    assertThat(mine.findElements(By.cssSelector("[data-testid=attachment-image]"))).hasSize(1);

    // Bob sees the message arrive live with the picture's thumbnail and the PDF's first page.
    WebElement his = b.awaitMessage("Meter and statement");
    b.wait.until(d -> "true".equals(
        his.findElement(By.cssSelector("[data-testid=attachment-image]")).getAttribute("data-loaded")));
    WebElement chip = his.findElement(By.cssSelector("[data-testid=attachment-file]"));
    assertThat(chip.getText()).contains("statement.pdf").contains("PDF").contains("1 page");
    b.wait.until(d -> imageLoaded(b, "[data-testid=attachment-file] [data-testid=file-thumb]"));

    // He opens the picture: the viewer shows it whole, Escape closes it.
    his.findElement(By.cssSelector("[data-testid=attachment-image]")).click();
    b.visible("[data-testid=media-viewer]");
    b.wait.until(d -> imageLoaded(b, "[data-testid=viewer-image]"));
    b.visible("[data-testid=viewer-close]").sendKeys(Keys.ESCAPE);
    b.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[data-testid=media-viewer]")));

    // He opens the PDF: its link answers the same bytes, as a download.
    String href = chip.findElement(By.cssSelector("[data-testid=file-open]")).getAttribute("href");
    @SuppressWarnings("unchecked")
    Map<String, Object> got = (Map<String, Object>) js(b).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        fetch(arguments[0]).then(async (r) => done({
          status: r.status,
          type: r.headers.get('content-type'),
          disposition: r.headers.get('content-disposition'),
          size: (await r.arrayBuffer()).byteLength,
        }), (e) => done({ status: -1, type: String(e) }));
        """, href);
    assertThat(got.get("status")).isEqualTo(200L);
    assertThat(String.valueOf(got.get("type"))).startsWith("application/pdf");
    assertThat(String.valueOf(got.get("disposition"))).startsWith("attachment");
    assertThat(((Number) got.get("size")).intValue()).isEqualTo(onePagePdf().length);

    // Nothing was reloaded: it all came over the live channel.
    assertThat(a.notReloaded()).isTrue();
    assertThat(b.notReloaded()).isTrue();
  }

  @Test
  void aVoiceMessageRecordedByOneIsPlayedByTheOther() {
    String group = "Voices " + NAMES.incrementAndGet();
    ChatPage a = new ChatPage(browsers.open("ann-mic", Chromium.Form.DESKTOP,
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"), server.baseUrl());
    ChatPage b = new ChatPage(browsers.open("bob-speaker", Chromium.Form.DESKTOP,
        "--autoplay-policy=no-user-gesture-required"), server.baseUrl());
    groupOfTwo(group, a, b);

    // Ann records for two seconds from the fake microphone and sends.
    a.clickable("[data-testid=record-voice]").click();
    a.wait.until(ExpectedConditions.attributeToBe(
        By.cssSelector("[data-testid=voice-recorder]"), "data-state", "recording"));
    a.wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=voice-timer]"), "0:02"));
    a.clickable("[data-testid=voice-send]").click();

    // It uploads and goes by itself; Ann's own copy and Bob's arrive with a player.
    a.wait.until(d -> !a.all("[data-testid=message][data-status=sent] [data-testid=attachment-voice]").isEmpty());
    WebElement voice = b.wait.until(d -> b.all("[data-testid=message] [data-testid=attachment-voice]").stream()
        .findFirst().orElse(null));
    assertThat(voice.findElements(By.cssSelector(".waveform .bar"))).hasSize(40);

    // Bob plays it: the audio runs past its start.
    voice.findElement(By.cssSelector("[data-testid=voice-play]")).click();
    b.wait.until(d -> "true".equals(voice.getAttribute("data-playing")) || playedPastStart(b));
    b.wait.until(d -> playedPastStart(b));
    List<String> errors = new ArrayList<>();
    b.all("[data-testid=attachment-voice] [role=alert]").forEach(e -> errors.add(e.getText()));
    assertThat(errors).as("the voice message plays in Chromium").isEmpty();
  }

  private static JavascriptExecutor js(ChatPage page) {
    return (JavascriptExecutor) page.driver();
  }

  private static boolean imageLoaded(ChatPage page, String css) {
    Object ok = js(page).executeScript(
        "const i = document.querySelector(arguments[0]); return !!(i && i.complete && i.naturalWidth > 0);", css);
    return Boolean.TRUE.equals(ok);
  }

  private static boolean playedPastStart(ChatPage page) {
    Object t = js(page).executeScript(
        "const a = document.querySelector('[data-testid=attachment-voice] audio'); return a ? a.currentTime : 0;");
    return t instanceof Number n && n.doubleValue() > 0.2;
  }

  /** A valid one-page PDF (cross-reference offsets computed), small enough to write by hand. */
  static byte[] onePagePdf() {
    String stream = "BT /F1 24 Tf 40 100 Td (Bank statement) Tj ET";
    String[] objects = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
            + "/Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length " + stream.length() + " >>\nstream\n" + stream + "\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    };
    StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
    int[] offsets = new int[objects.length];
    for (int i = 0; i < objects.length; i++) {
      offsets[i] = pdf.length();
      pdf.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
    }
    int xref = pdf.length();
    pdf.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
    for (int offset : offsets) {
      pdf.append(String.format("%010d 00000 n \n", offset));
    }
    pdf.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n")
        .append(xref).append("\n%%EOF\n");
    return pdf.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
