package dev.parley.core.attachments.content;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/** Files made in code for the content tests (the committed media fixtures are in src/test/resources). */
final class Fixtures {

  private Fixtures() {
  }

  /** A picture whose left half is red and right half blue (so a turn can be seen). */
  static BufferedImage halves(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, width / 2, height);
    g.setColor(Color.BLUE);
    g.fillRect(width / 2, 0, width - width / 2, height);
    g.dispose();
    return image;
  }

  static byte[] jpeg(int width, int height) {
    return encode(halves(width, height), "jpeg");
  }

  static byte[] png(int width, int height) {
    return encode(halves(width, height), "png");
  }

  static byte[] encode(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, format, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path dir, String name, byte[] bytes) {
    try {
      return Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A PDF of {@code pages} A4 pages, each with a filled rectangle. */
  static byte[] pdf(int pages) {
    try (PDDocument doc = new PDDocument()) {
      for (int i = 0; i < pages; i++) {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
          content.setNonStrokingColor(Color.ORANGE);
          content.addRect(50, 50, 300, 400);
          content.fill();
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A zip of the named entries (name, bytes, name, bytes, ...). */
  static byte[] zip(Object... entries) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
        for (int i = 0; i < entries.length; i += 2) {
          zip.putNextEntry(new ZipEntry((String) entries[i]));
          zip.write((byte[]) entries[i + 1]);
          zip.closeEntry();
        }
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A minimal docx: the parts that make Word (and the inspector) know it. */
  static byte[] docx(Object... extraEntries) {
    List<Object> entries = new ArrayList<>(List.of(
        "[Content_Types].xml", ascii("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
            + "package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/"
            + "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"),
        "_rels/.rels", ascii("<?xml version=\"1.0\"?><Relationships/>"),
        "word/document.xml", ascii("<?xml version=\"1.0\"?><w:document/>")));
    entries.addAll(Arrays.asList(extraEntries));
    return zip(entries.toArray());
  }

  /** A zip entry that deflates {@code n} zero bytes (about a thousandth of its size). */
  static byte[] zeros(int n) {
    return new byte[n];
  }

  // ---- EXIF (TIFF) ------------------------------------------------------------------------------

  /**
   * A big-endian TIFF block with IFD0 (Make, Orientation), an Exif IFD (BodySerialNumber) and a
   * GPS IFD (latitude and longitude): what a phone writes into a photo.
   */
  static byte[] exifTiff(int orientation) {
    // layout: header 8 | IFD0 (4 entries) | Make data | Exif IFD (1) | serial data | GPS IFD (4) | rationals
    int ifd0 = 8;
    int ifd0Size = 2 + 4 * 12 + 4;
    int makeAt = ifd0 + ifd0Size;
    byte[] make = ascii("Phone\0\0\0");
    int exifIfd = makeAt + make.length;
    int exifSize = 2 + 12 + 4;
    int serialAt = exifIfd + exifSize;
    byte[] serial = ascii("SN-123456\0");
    int gpsIfd = serialAt + serial.length;
    int gpsSize = 2 + 4 * 12 + 4;
    int latAt = gpsIfd + gpsSize;
    int lonAt = latAt + 24;
    int total = lonAt + 24;
    ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.BIG_ENDIAN);
    b.put(ascii("MM")).putShort((short) 42).putInt(ifd0);
    b.position(ifd0);
    b.putShort((short) 4);
    entry(b, 0x010F, 2, make.length, makeAt);
    b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
    entry(b, 0x8769, 4, 1, exifIfd);
    entry(b, 0x8825, 4, 1, gpsIfd);
    b.putInt(0);
    b.put(make);
    b.putShort((short) 1);
    entry(b, 0xA431, 2, serial.length, serialAt);
    b.putInt(0);
    b.put(serial);
    b.putShort((short) 4);
    b.putShort((short) 1).putShort((short) 2).putInt(2).put(ascii("N\0\0\0"));
    entry(b, 2, 5, 3, latAt);
    b.putShort((short) 3).putShort((short) 2).putInt(2).put(ascii("E\0\0\0"));
    entry(b, 4, 5, 3, lonAt);
    b.putInt(0);
    b.putInt(48).putInt(1).putInt(8).putInt(1).putInt(3000).putInt(100); // 48° 8' 30"
    b.putInt(11).putInt(1).putInt(34).putInt(1).putInt(1200).putInt(100); // 11° 34' 12"
    return b.array();
  }

  private static void entry(ByteBuffer b, int tag, int type, int count, int value) {
    b.putShort((short) tag).putShort((short) type).putInt(count).putInt(value);
  }

  /** The JPEG with an APP1 EXIF segment (GPS, serial, orientation) right after its SOI. */
  static byte[] withExif(byte[] jpeg, int orientation) {
    byte[] tiff = exifTiff(orientation);
    byte[] payload = concat(ascii("Exif\0\0"), tiff);
    ByteBuffer app1 = ByteBuffer.allocate(4 + payload.length);
    app1.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (payload.length + 2)).put(payload);
    byte[] comment = concat(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 12}, ascii("a secret"), new byte[2]);
    return concat(Arrays.copyOfRange(jpeg, 0, 2), app1.array(), comment, Arrays.copyOfRange(jpeg, 2, jpeg.length));
  }

  // ---- PNG chunks -------------------------------------------------------------------------------

  static byte[] pngChunk(String type, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(12 + data.length);
    b.putInt(data.length).put(ascii(type)).put(data);
    CRC32 crc = new CRC32();
    crc.update(ascii(type));
    crc.update(data);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** The PNG with a tEXt comment, a tIME and an eXIf (GPS) chunk after its IHDR. */
  static byte[] pngWithMetadata(byte[] png) {
    int afterIhdr = 8 + 12 + 13;
    return concat(Arrays.copyOfRange(png, 0, afterIhdr), pngChunk("tEXt", ascii("Comment\0taken at home")),
        pngChunk("tIME", new byte[] {0x07, (byte) 0xEA, 1, 2, 3, 4, 5}), pngChunk("eXIf", exifTiff(1)),
        Arrays.copyOfRange(png, afterIhdr, png.length));
  }

  /** A PNG header declaring {@code width} × {@code height} with a token of data: a decompression bomb's shape. */
  static byte[] pngDeclaring(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0)
        .put((byte) 0).put((byte) 0);
    return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, pngChunk("IHDR", ihdr.array()),
        pngChunk("IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}),
        pngChunk("IEND", new byte[0]));
  }

  // ---- WebP and GIF -----------------------------------------------------------------------------

  /** A simple (VP8) WebP turned extended (VP8X) with EXIF (GPS) and XMP chunks. */
  static byte[] webpWithMetadata(byte[] simple, int width, int height) {
    byte[] vp8 = Arrays.copyOfRange(simple, 12, simple.length);
    ByteBuffer vp8x = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
    vp8x.put(ascii("VP8X")).putInt(10).put((byte) (0x08 | 0x04)).put(new byte[3]);
    vp8x.put(int24(width - 1)).put(int24(height - 1));
    byte[] exif = riffChunk("EXIF", exifTiff(1));
    byte[] xmp = riffChunk("XMP ", ascii("<x:xmpmeta><rdf:RDF>secret place</rdf:RDF></x:xmpmeta>"));
    byte[] body = concat(ascii("WEBP"), vp8x.array(), vp8, exif, xmp);
    ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).put(ascii("RIFF")).putInt(body.length);
    return concat(head.array(), body);
  }

  private static byte[] int24(int v) {
    return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16)};
  }

  static byte[] riffChunk(String type, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii(type)).putInt(data.length).put(data);
    return b.array();
  }

  /** The GIF with a comment extension inserted after its global colour table. */
  static byte[] gifWithComment(byte[] gif, String comment) {
    int flags = gif[10] & 0xFF;
    int at = 13 + ((flags & 0x80) != 0 ? 3 * (1 << ((flags & 0x07) + 1)) : 0);
    byte[] text = ascii(comment);
    byte[] ext = concat(new byte[] {0x21, (byte) 0xFE, (byte) text.length}, text, new byte[] {0});
    return concat(Arrays.copyOfRange(gif, 0, at), ext, Arrays.copyOfRange(gif, at, gif.length));
  }

  /** An ISO base media file of brand {@code heic} with an empty meta box: what a HEIC photo starts like. */
  static byte[] heic() {
    ByteBuffer ftyp = ByteBuffer.allocate(24).putInt(24).put(ascii("ftypheic")).putInt(0).put(ascii("mif1heic"));
    ByteBuffer meta = ByteBuffer.allocate(12).putInt(12).put(ascii("meta")).putInt(0);
    return concat(ftyp.array(), meta.array());
  }
}
