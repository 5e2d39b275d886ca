import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Open-loop load at a fixed rate (wrk2 is not packaged): requests start on a fixed schedule whether
 * or not earlier ones have finished, and each latency is measured from its scheduled start, so a
 * stall is not hidden (no coordinated omission).
 * Usage: java OpenLoop.java URL CA_FILE RATE SECONDS REVIEW_FILE...
 */
public class OpenLoop {
  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    int rate = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    byte[][] bodies = new byte[args.length - 4][];
    for (int i = 4; i < args.length; i++) {
      bodies[i - 4] = Files.readAllBytes(Path.of(args[i]));
    }
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trusting(Path.of(args[1]))).build();
    int total = rate * seconds;
    long[] latencies = new long[total];
    AtomicInteger errors = new AtomicInteger();
    CountDownLatch finished = new CountDownLatch(total);
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime() + 100_000_000L;
    for (int i = 0; i < total; i++) {
      long intended = start + i * period;
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      int index = i;
      HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(bodies[i % bodies.length])).build();
      client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
        latencies[index] = System.nanoTime() - intended;
        if (failure != null || response.statusCode() != 200) {
          errors.incrementAndGet();
        }
        finished.countDown();
      });
    }
    finished.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    Arrays.sort(latencies);
    System.out.printf("RESULT requests=%d seconds=%.2f rps=%.0f errors=%d p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f%n",
        total, elapsed, total / elapsed, errors.get(), ms(latencies, 0.50), ms(latencies, 0.99), ms(latencies, 0.999));
    System.exit(0);
  }

  static double ms(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
  }

  static SSLContext trusting(Path caFile) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Files.readAllBytes(caFile))));
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
