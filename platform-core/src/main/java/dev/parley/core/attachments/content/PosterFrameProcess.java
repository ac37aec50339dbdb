package dev.parley.core.attachments.content;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.model.Picture;
import org.jcodec.scale.AWTUtil;
import org.jspecify.annotations.Nullable;

/**
 * Grabs a video's poster frame with JCodec in a child JVM. JCodec's H.264 decoder can loop forever
 * on a damaged stream (found by {@code DamagedFilesTest}: a CABAC loop that never reads past the
 * end), and a Java thread cannot be stopped; a process can. The child gets a small heap and
 * {@link #TIMEOUT_SECONDS}, then is killed. Internal: {@link #main} is the child's entry point.
 */
public final class PosterFrameProcess {

  /** How long a child may decode before it is killed. */
  static final long TIMEOUT_SECONDS = 20;

  private PosterFrameProcess() {
  }

  /** The frame at {@code atSeconds}, as decoded (not yet turned), or null when none could be had in time. */
  static @Nullable BufferedImage grab(Path video, double atSeconds) throws IOException {
    Path out = Files.createTempFile("parley-poster", ".png");
    try {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
          PosterFrameProcess.class.getName(), video.toString(), Double.toString(atSeconds), out.toString()));
      builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      Process child = builder.start();
      try {
        if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          child.destroyForcibly();
          return null;
        }
      } catch (InterruptedException e) {
        child.destroyForcibly();
        Thread.currentThread().interrupt();
        return null;
      }
      if (child.exitValue() != 0 || Files.size(out) == 0) {
        return null;
      }
      return ImageIO.read(out.toFile());
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** The child: {@code <video> <seconds> <png out>}; exit status 0 when the PNG is written. */
  public static void main(String[] args) {
    int status = 1;
    try {
      Picture frame = FrameGrab.getFrameAtSec(new File(args[0]), Double.parseDouble(args[1]));
      BufferedImage image = AWTUtil.toBufferedImage(frame);
      status = ImageIO.write(image, "png", new File(args[2])) ? 0 : 1;
    } catch (Exception | StackOverflowError e) {
      status = 1;
    }
    System.exit(status);
  }
}
