package dev.parley.core.attachments.content;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The duration and size of a video from its container, and a poster frame where a pure-Java
 * decoder exists: JCodec decodes H.264 in MP4, in a child process ({@link PosterFrameProcess}). VP8/VP9 in WebM (and H.265) have none: the
 * messenger then shows the browser's first frame.
 */
final class VideoPreview {

  private VideoPreview() {
  }

  static Preview make(Path file, String type, ContentLimits limits) throws IOException {
    if (type.equals("video/webm")) {
      Matroska.Summary info = Matroska.read(file, null);
      Matroska.Track video = info.firstVideo();
      return new Preview(null, null, video == null ? null : video.width(), video == null ? null : video.height(),
          null, info.durationMs() >= 0 ? info.durationMs() : null, null, null,
          "no poster frame for WebM on the server: the browser shows the first frame");
    }
    IsoMedia media = IsoMedia.read(file);
    Long duration = media.durationMs() >= 0 ? media.durationMs() : null;
    // a quarter turn (a phone held upright) shows the picture with its sides swapped
    boolean swap = media.rotation() == 90 || media.rotation() == 270;
    int shownWidth = swap ? media.height() : media.width();
    int shownHeight = swap ? media.width() : media.height();
    Integer width = shownWidth > 0 ? shownWidth : null;
    Integer height = shownHeight > 0 ? shownHeight : null;
    if ((long) media.width() * media.height() > limits.maxImagePixels()) {
      return new Preview(null, null, width, height, null, duration, null, null,
          "the video's picture is too large to decode: the browser shows the first frame");
    }
    // a frame a little in, past a fade from black, but never past the end
    double at = duration == null ? 0 : Math.min(1.0, duration / 2000.0);
    BufferedImage frame = PosterFrameProcess.grab(file, at);
    if (frame == null) {
      return new Preview(null, null, width, height, null, duration, null, null,
          "no poster frame for this video on the server (only H.264 is decoded): the browser shows the first frame");
    }
    // the display matrix's turn, as EXIF orientations: 90 clockwise = 6, 180 = 3, 270 = 8
    BufferedImage image = Images.orient(frame, switch (media.rotation()) {
      case 90 -> 6;
      case 180 -> 3;
      case 270 -> 8;
      default -> 1;
    });
    return ImagePreview.of(image, width != null ? width : image.getWidth(),
        height != null ? height : image.getHeight(), duration, null, null);
  }
}
