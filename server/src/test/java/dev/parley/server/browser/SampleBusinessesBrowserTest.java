package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The four sample businesses that {@code ./parley start} runs, each story as a new customer finds it
 * in the messenger: open the business's link, press the greeting's quick reply, and follow. Their
 * bots are the real ones (dev.parley.samples.business), answering over the Business API to signed
 * webhooks on loopback.
 */
class SampleBusinessesBrowserTest {

  private static final String PASSWORD = "correct horse battery";
  private static final AtomicInteger NAMES = new AtomicInteger();

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley(options -> options.setSampleBusinesses(true));

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  @BeforeAll
  static void botsRun() throws Exception {
    server.parleyServer().sampleBots().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  /** A new customer in the conversation with the business {@code handle}, greeted by its bot. */
  private ChatPage customerOf(String handle) {
    ChatPage customer = browsers.chat("customer", Chromium.Form.DESKTOP);
    String username = "cust" + ProcessHandle.current().pid() % 1000 + "x" + NAMES.incrementAndGet();
    customer.signUp(username, "Carla Customer", PASSWORD);
    customer.open("/b/" + handle);
    customer.awaitLive();
    return customer;
  }

  private static WebDriverWait slow(ChatPage page) {
    return new WebDriverWait(page.driver(), Duration.ofSeconds(40));
  }

  /** Presses the newest quick reply with this label. */
  private static void quickReply(ChatPage page, String label) {
    WebElement button = slow(page).until(d -> page.all("[data-testid=quick-reply]").stream()
        .filter(b -> label.equals(b.getText()) && b.isEnabled()).reduce((a, b) -> b).orElse(null));
    button.click();
  }

  private static WebElement awaitText(ChatPage page, String part) {
    return slow(page).until(d -> {
      try {
        return page.messages().stream().filter(m -> m.getText().contains(part)).reduce((a, b) -> b).orElse(null);
      } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
        return null; // the list was drawn again while it was read: look again
      }
    });
  }

  /** The conversation's handover state, as the business's bot would read it (Business API handover). */
  private static String handoverState(ChatPage page, String handle) throws Exception {
    String url = page.driver().getCurrentUrl();
    String conversationId = url.substring(url.lastIndexOf("/c/") + 3);
    String businessId = server.platform().businesses().verified(handle).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS).id();
    return server.platform().care().botHandover(businessId, conversationId).toCompletionStage()
        .toCompletableFuture().get(10, TimeUnit.SECONDS).getString("state");
  }

  private static void awaitHandover(ChatPage page, String handle, String state) {
    slow(page).until(d -> {
      try {
        return state.equals(handoverState(page, handle));
      } catch (Exception e) {
        return false;
      }
    });
  }

  private static JavascriptExecutor js(ChatPage page) {
    return (JavascriptExecutor) page.driver();
  }

  /** Attaches a file to the composer (dropped on the conversation) and sends it with a caption. */
  private static void sendFile(ChatPage page, byte[] bytes, String name, String type, String caption) {
    js(page).executeScript("""
        const bytes = Uint8Array.from(atob(arguments[0]), (ch) => ch.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], arguments[1], { type: arguments[2] }));
        const target = document.querySelector('[data-testid=conversation]');
        for (const type of ['dragenter', 'dragover', 'drop']) {
          target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
        }
        """, Base64.getEncoder().encodeToString(bytes), name, type);
    slow(page).until(d -> page.all("[data-testid=tray-item][data-status=ready]").size() == 1);
    page.clickable("#composer-input").sendKeys(caption + Keys.ENTER);
    page.wait.until(d -> page.all("[data-testid=tray-item]").isEmpty());
  }

  private static byte[] meterPhoto() throws Exception {
    java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(320, 200,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = image.createGraphics();
    g.setColor(new java.awt.Color(0x223344));
    g.fillRect(0, 0, 320, 200);
    g.setColor(java.awt.Color.WHITE);
    g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 48));
    g.drawString("04711", 80, 120);
    g.dispose();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  @Test
  void energy_aMeterPhotoIsAcknowledgedWithItsTime_andTheReadingGoesToAnAgent() throws Exception {
    ChatPage customer = customerOf("volta_energy");
    quickReply(customer, "Submit meter reading");
    awaitText(customer, "Take a photo of the meter");
    sendFile(customer, meterPhoto(), "meter.png", "image/png", "My meter");
    WebElement ack = awaitText(customer, "Got your meter photo from");
    assertThat(ack.getText()).containsPattern("[0-9]{2}:[0-9]{2} UTC");
    customer.send("04711");
    awaitText(customer, "We noted 04711 kWh");
    // offered to the care team: an agent confirms the reading from the inbox
    awaitHandover(customer, "volta_energy", "waiting_for_agent");
  }

  @Test
  void bank_aFraudAlertWithPicturesOfTheCharges_notMeFreezesTheCard_andHandsOver() {
    ChatPage customer = customerOf("north_bank");
    quickReply(customer, "Show me the fraud alert");
    WebElement carousel = slow(customer).until(d -> customer.all("[data-testid=interactive][data-kind=carousel]")
        .stream().findFirst().orElse(null));
    List<WebElement> cards = carousel.findElements(By.cssSelector("[data-testid=interactive-card]"));
    assertThat(cards).hasSize(2);
    assertThat(cards.get(0).getText()).contains("€249.00 at TechStore Online");
    slow(customer).until(d -> !carousel.findElements(By.cssSelector("img")).isEmpty());
    cards.get(0).findElements(By.cssSelector("[data-testid=interactive-action]")).stream()
        .filter(b -> b.getText().equals("Not me")).findFirst().orElseThrow().click();
    awaitText(customer, "We froze your test card •• 4242");
    // the bot hands over (and is quiet from now on): a person of the bank takes it from the inbox
    awaitHandover(customer, "north_bank", "waiting_for_agent");
  }

  @Test
  void bank_aPdfStatementToDisputeACharge_goesToTheTeam() {
    ChatPage customer = customerOf("north_bank");
    quickReply(customer, "Dispute a charge");
    awaitText(customer, "Send us your statement as a PDF");
    sendFile(customer, AttachmentsBrowserTest.onePagePdf(), "statement.pdf", "application/pdf", "My statement");
    awaitText(customer, "We received your statement statement.pdf");
    awaitHandover(customer, "north_bank", "waiting_for_agent");
  }

  @Test
  void shop_aCartReminderCarousel_checkoutOpensTheShopAtTheProduct_andParleysPaymentSheet() {
    ChatPage customer = customerOf("corner_shop");
    quickReply(customer, "Remind me of my cart");
    WebElement carousel = slow(customer).until(d -> customer.all("[data-testid=interactive][data-kind=carousel]")
        .stream().findFirst().orElse(null));
    List<WebElement> cards = carousel.findElements(By.cssSelector("[data-testid=interactive-card]"));
    assertThat(cards).hasSize(2);
    assertThat(cards.get(0).getText()).contains("Orrin Flow Running Shoes").contains("€124.90");
    cards.get(0).findElements(By.cssSelector("[data-testid=interactive-action]")).stream()
        .filter(b -> b.getText().equals("Checkout")).findFirst().orElseThrow().click();

    WebDriver driver = customer.driver();
    WebElement frame = slow(customer).until(d -> d.findElements(
        By.cssSelector("[data-testid=app-panel][data-app-id=shop] [data-testid=app-frame]")).stream().findFirst()
        .orElse(null));
    driver.switchTo().frame(frame);
    Wallets.wait(driver).until(d -> d.findElement(By.cssSelector("[data-testid=shop-detail-name]")).getText()
        .equals("Orrin Flow Running Shoes"));
    driver.findElement(By.cssSelector("[data-testid=shop-buy]")).click();
    driver.switchTo().defaultContent();
    // A payment is personal: the customer allows the shop to ask them, once.
    WebElement consent = customer.visible("[data-testid=consent-sheet]");
    assertThat(consent.findElement(By.cssSelector("[data-testid=consent-app]")).getText()).isEqualTo("Shop");
    customer.clickable("[data-testid=consent-allow]").click();
    // Parley's own sheet, with the shop's catalogue price: the business's message moved no money.
    WebElement sheet = customer.visible("[data-testid=payment-sheet]");
    assertThat(sheet.findElement(By.cssSelector("[data-testid=payment-amount]")).getText()).contains("124.90");
    assertThat(sheet.findElement(By.cssSelector("[data-testid=payment-app]")).getText()).isEqualTo("Shop");
    customer.clickable("[data-testid=payment-cancel]").click();
  }

  @Test
  void airline_anOverbookedFlight_aListOfAlternatives_rebookingByReplying_andTheBoardingPass() {
    ChatPage customer = customerOf("skyway_air");
    quickReply(customer, "Show my flight change");
    awaitText(customer, "is overbooked");
    slow(customer).until(d -> customer.all("[data-testid=list-open]").stream().findFirst().orElse(null)).click();
    customer.clickable("[data-testid=list-row][data-action-id=SW105]").click();
    WebElement rebooked = awaitText(customer, "Rebooked on SW 105");
    rebooked.findElements(By.cssSelector("[data-testid=interactive-action]")).stream()
        .filter(b -> b.getText().equals("Open boarding pass")).findFirst().orElseThrow().click();
    WebDriver driver = customer.driver();
    WebElement frame = slow(customer).until(d -> d.findElements(
        By.cssSelector("[data-testid=app-panel][data-app-id=airline] [data-testid=app-frame]")).stream().findFirst()
        .orElse(null));
    driver.switchTo().frame(frame);
    Wallets.wait(driver).until(d -> d.findElement(By.cssSelector("[data-testid=airline-flight]")).getText()
        .equals("SW 105"));
    driver.switchTo().defaultContent();

    // Rebooking by replying: the flight's number typed works as well as the list.
    customer.send("Make it SW 107 please");
    awaitText(customer, "Rebooked on SW 107");
  }
}
