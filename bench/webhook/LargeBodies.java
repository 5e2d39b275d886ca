import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Large admission bodies against the webhook: LARGE_CLIENTS threads post LARGE_FILE back to back
 * for SECONDS, while one more thread posts SMALL_FILE every 100 ms (an ordinary review, as the API
 * server sends while the large ones are under way). Prints latencies and status counts of both.
 * Usage: java LargeBodies.java URL CA_FILE SECONDS LARGE_CLIENTS LARGE_FILE SMALL_FILE
 */
public class LargeBodies {
  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    SSLContext tls = trusting(Files.readAllBytes(Path.of(args[1])));
    long seconds = Long.parseLong(args[2]);
    int largeClients = Integer.parseInt(args[3]);
    byte[] large = Files.readAllBytes(Path.of(args[4]));
    byte[] small = Files.readAllBytes(Path.of(args[5]));
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    Stats largeStats = new Stats();
    Stats smallStats = new Stats();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < largeClients; i++) {
      threads.add(new Thread(() -> loop(uri, tls, large, end, 0, largeStats)));
    }
    threads.add(new Thread(() -> loop(uri, tls, small, end, 100, smallStats)));
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    largeStats.print("large " + large.length + " B x" + largeClients);
    smallStats.print("small " + small.length + " B every 100 ms");
  }

  static void loop(URI uri, SSLContext tls, byte[] body, long end, long pauseMillis, Stats stats) {
    HttpClient client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
    while (System.nanoTime() < end) {
      long started = System.nanoTime();
      String outcome;
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        outcome =
            response.statusCode()
                + (response.body().contains("\"allowed\":false")
                    ? " denied"
                    : response.body().contains("\"patch\"") ? " patched" : "");
      } catch (Exception e) {
        outcome = e.getClass().getSimpleName();
      }
      stats.add(outcome, System.nanoTime() - started);
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  static final class Stats {
    final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

    void add(String outcome, long nanos) {
      latencies.add(nanos);
      outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
    }

    void print(String name) {
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      if (sorted.isEmpty()) {
        System.out.println("RESULT " + name + ": no requests");
        return;
      }
      System.out.printf(
          "RESULT %s: requests=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f outcomes=%s%n",
          name, sorted.size(), ms(sorted, 0.5), ms(sorted, 0.99),
          sorted.get(sorted.size() - 1) / 1e6, outcomes);
    }

    static double ms(List<Long> sorted, double q) {
      return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }
  }

  static SSLContext trusting(byte[] caPem) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry(
        "ca",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new java.io.ByteArrayInputStream(caPem)));
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
