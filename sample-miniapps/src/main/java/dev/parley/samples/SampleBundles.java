package dev.parley.samples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The sample mini-apps shipped with Parley, as bundle zips ready to upload: each folder named in
 * {@code samples/index.txt} on the class path, zipped in name order. The server publishes them
 * at start so that a fresh platform has apps to try.
 */
public final class SampleBundles {

  /** The class-path folder of the samples. */
  public static final String ROOT = "samples";

  private SampleBundles() {
  }

  /** The ids of the samples, in the order of {@code samples/index.txt}. */
  public static List<String> ids() {
    try (InputStream in = SampleBundles.class.getClassLoader().getResourceAsStream(ROOT + "/index.txt")) {
      if (in == null) {
        return List.of();
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every sample's zip, by id. */
  public static Map<String, byte[]> zips() {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (String id : ids()) {
      out.put(id, zip(id));
    }
    return out;
  }

  /** Where the build puts each sample's zip on the class path ({@link #main}). */
  public static final String ZIPS = "samples-zips";

  /**
   * The build's step (sample-miniapps/pom.xml, process-classes): writes every sample's zip to
   * {@code args[0]/<id>.zip}, so that a start reads them instead of zipping ~2 MB again.
   */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    for (Map.Entry<String, byte[]> sample : zipped().entrySet()) {
      Files.write(out.resolve(sample.getKey() + ".zip"), sample.getValue());
    }
  }

  /** One sample's zip: the one the build made, else its folder zipped now. */
  public static byte[] zip(String id) {
    try (InputStream built = SampleBundles.class.getClassLoader().getResourceAsStream(ZIPS + "/" + id + ".zip")) {
      if (built != null) {
        return built.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return zipNow(id);
  }

  private static Map<String, byte[]> zipped() {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (String id : ids()) {
      out.put(id, zipNow(id));
    }
    return out;
  }

  /** One sample's folder, zipped. */
  static byte[] zipNow(String id) {
    URL index = SampleBundles.class.getClassLoader().getResource(ROOT + "/index.txt");
    if (index == null) {
      throw new IllegalStateException("no samples on the class path");
    }
    try {
      URI uri = index.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          return zipFolder(jar.getPath(ROOT, id));
        }
      }
      return zipFolder(Path.of(uri).getParent().resolve(id));
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bad class-path URL " + index, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] zipFolder(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IllegalStateException("sample folder missing: " + folder);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = folder.relativize(file).toString().replace('\\', '/');
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(0); // the same files give the same zip
        zip.putNextEntry(entry);
        zip.write(Files.readAllBytes(file));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }
}
