import io.github.oras.operator.engine.CacheResolver;
import io.github.oras.operator.engine.InjectorConfig;
import io.github.oras.operator.engine.MutationEngine;
import io.github.oras.operator.engine.PolicyCatalog;
import io.github.oras.operator.webhook.server.AdmissionHandler;
import io.github.oras.operator.webhook.server.AdmissionReviewCodec;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time of the webhook's own work per review (parse, mutate, answer: no TLS, no HTTP), on one
 * thread, measured with the thread's CPU clock: unlike throughput it hardly depends on what else
 * runs on the machine.
 *
 * <pre>java -cp CLASSPATH HandlerCpu.java REVIEWS REVIEW.json...</pre>
 *
 * Warms up with 2 x REVIEWS reviews (and at least 5 s, so the JIT compiler threads finish even on a
 * busy machine), then measures REVIEWS more.
 */
public class HandlerCpu {
  public static void main(String[] args) throws Exception {
    int measured = Integer.parseInt(args[0]);
    List<byte[]> reviews = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      reviews.add(Files.readAllBytes(Path.of(args[i])));
    }
    AdmissionReviewCodec codec = new AdmissionReviewCodec(256);
    MutationEngine engine =
        MutationEngine.create(
            InjectorConfig.defaults(),
            PolicyCatalog.discover(HandlerCpu.class.getClassLoader()),
            CacheResolver.byConvention());
    AdmissionHandler handler = new AdmissionHandler(engine, codec);
    com.sun.management.ThreadMXBean cpu =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sink = 0;
    long warmUntil = System.nanoTime() + 5_000_000_000L;
    for (long count = 0; count < 2L * measured || System.nanoTime() < warmUntil; count++) {
      sink += handler.answer(codec.parse(reviews.get((int) (count % reviews.size())))).body().length;
    }
    long startCpu = cpu.getCurrentThreadCpuTime();
    long startBytes = cpu.getCurrentThreadAllocatedBytes();
    for (int count = 0; count < measured; count++) {
      sink += handler.answer(codec.parse(reviews.get(count % reviews.size()))).body().length;
    }
    long usedCpu = cpu.getCurrentThreadCpuTime() - startCpu;
    long allocated = cpu.getCurrentThreadAllocatedBytes() - startBytes;
    System.out.printf(
        "RESULT reviews=%d cpu_us_per_review=%.1f allocated_kib_per_review=%.1f%n",
        measured, usedCpu / 1000.0 / measured, allocated / 1024.0 / measured);
    if (sink == 42) {
      System.out.println();
    }
  }
}
