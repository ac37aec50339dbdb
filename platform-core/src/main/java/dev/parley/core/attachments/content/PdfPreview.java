package dev.parley.core.attachments.content;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/** The first page of a PDF as a thumbnail (Apache PDFBox), and the page count. */
final class PdfPreview {

  private PdfPreview() {
  }

  static Preview make(Path file, ContentLimits limits) throws IOException {
    // PDFBox keeps its scratch buffers in a temporary file, not on the heap
    try (PDDocument doc = Loader.loadPDF(file.toFile(), "", null, null, IOUtils.createTempFileOnlyStreamCache())) {
      int pages = doc.getNumberOfPages();
      if (pages == 0) {
        return new Preview(null, null, null, null, null, null, 0, null, "the PDF has no pages");
      }
      PDPage page = doc.getPage(0);
      PDRectangle box = page.getCropBox();
      boolean turned = page.getRotation() % 180 != 0;
      float w = turned ? box.getHeight() : box.getWidth();
      float h = turned ? box.getWidth() : box.getHeight();
      if (!(w > 0 && h > 0)) {
        return new Preview(null, null, null, null, null, null, pages, null, "the first page of the PDF has no size");
      }
      // render at twice the thumbnail size, then scale down: sharper text
      float scale = Math.min(4f, 2f * PreviewMaker.THUMBNAIL_SIDE / Math.max(w, h));
      if ((double) w * scale * h * scale > limits.maxImagePixels()) {
        return new Preview(null, null, null, null, null, null, pages, null, "the first page is too large to render");
      }
      BufferedImage image = new PDFRenderer(doc).renderImage(0, scale, ImageType.RGB);
      return ImagePreview.of(image, Math.round(w), Math.round(h), null, pages, null);
    } catch (InvalidPasswordException e) {
      return Preview.failed("the PDF is protected by a password: no preview");
    }
  }
}
