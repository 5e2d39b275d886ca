package io.github.oras.operator.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oras.operator.engine.CacheLookup;
import io.github.oras.operator.engine.CacheResolver;
import io.github.oras.operator.engine.InjectorConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a review is answered: on the event loop when it is small and the cache lookup reads memory
 * (a hand-off to a worker thread and back costs more than the answer), on a worker thread when the
 * lookup may block or the body is large enough to hold up the loop's other connections.
 */
class AnswerThreadIT {
  @TempDir Path dir;

  /** Looks up by convention and notes the thread of every lookup. */
  record RecordingResolver(boolean answersFromMemory, List<String> threads)
      implements CacheResolver {
    RecordingResolver(boolean answersFromMemory) {
      this(answersFromMemory, new CopyOnWriteArrayList<>());
    }

    @Override
    public CacheLookup lookup(String namespace, String cacheName) {
      threads.add(Thread.currentThread().getName());
      return CacheResolver.byConvention().lookup(namespace, cacheName);
    }

    @Override
    public boolean isCacheService(String namespace, String name) {
      return false;
    }
  }

  private List<String> threadsAnswering(boolean fromMemory, ObjectNode pod) throws Exception {
    RecordingResolver caches = new RecordingResolver(fromMemory);
    try (TlsFixture fixture =
        TlsFixture.start(dir, InjectorConfig.defaults(), ServerLimits.defaults(), caches)) {
      assertThat(fixture.admit(Reviews.review("u", "CREATE", pod)).has("patch")).isTrue();
    }
    assertThat(caches.threads()).isNotEmpty();
    return caches.threads();
  }

  @Test
  void aSmallReviewIsAnsweredOnTheEventLoopWhenTheLookupReadsMemory() throws Exception {
    assertThat(threadsAnswering(true, Reviews.pod(Reviews.cacheAnnotations())))
        .allMatch(name -> name.startsWith("vert.x-eventloop-thread-"));
  }

  @Test
  void aLookupThatMayBlockStaysOffTheEventLoop() throws Exception {
    assertThat(threadsAnswering(false, Reviews.pod(Reviews.cacheAnnotations())))
        .allMatch(name -> name.startsWith("vert.x-worker-thread-"));
  }

  @Test
  void aLargeReviewStaysOffTheEventLoop() throws Exception {
    ObjectNode pod = Reviews.pod(Reviews.cacheAnnotations());
    ObjectNode labels = ((ObjectNode) pod.path("metadata")).putObject("labels");
    for (int i = 0; i < 2_000; i++) {
      labels.put("label-" + i, "value-of-label-number-" + i);
    }
    assertThat(Reviews.text(pod).length()).isGreaterThan(ServerLimits.SMALL_BODY_BYTES);

    assertThat(threadsAnswering(true, pod))
        .allMatch(name -> name.startsWith("vert.x-worker-thread-"));
  }
}
