package io.github.oras.operator.sidecar;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches HTTP exchanges for progress. The JDK client's request timeout ends when the response
 * headers arrive, so a registry that stops sending mid-body, or stops reading an upload, would hang
 * a transfer forever. Here every byte read from an upload body or received in a response counts as
 * progress; when nothing moves for the idle limit, the exchange is cancelled and fails with a
 * {@link StalledTransferException} that says what stalled, how many bytes moved and after how long.
 * One instance per logical request (its redirect hops and authentication retry included).
 */
final class IdleWatch {
  private final Duration limit;
  private final String what;
  private final long expectedBytes;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private volatile long started;
  private volatile long lastActivity;
  private volatile Watched<?> subscriber;

  /**
   * @param what the thing transferred, for messages ("blob sha256:...", "manifest repo:tag")
   * @param expectedBytes the response body's expected length, or -1
   */
  IdleWatch(Duration limit, String what, long expectedBytes) {
    this.limit = limit;
    this.what = what;
    this.expectedBytes = expectedBytes;
  }

  /** An upload body whose reads by the HTTP client count as progress. */
  InputStream upload(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = in.read();
        moved(sent, b < 0 ? 0 : 1);
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        moved(sent, Math.max(n, 0));
        return n;
      }
    };
  }

  /** Sends {@code request}, failing it when nothing moves for the idle limit. */
  <T> HttpResponse<T> send(HttpClient http, HttpRequest request, BodyHandler<T> handler)
      throws IOException, InterruptedException {
    sent.set(0);
    received.set(0);
    subscriber = null;
    started = System.nanoTime();
    lastActivity = started;
    CompletableFuture<HttpResponse<T>> response =
        http.sendAsync(request, info -> watched(handler.apply(info)));
    long tick = Math.max(10, Math.min(1000, limit.toMillis() / 4));
    while (true) {
      try {
        return response.get(tick, TimeUnit.MILLISECONDS);
      } catch (TimeoutException notYet) {
        long now = System.nanoTime();
        if (now - lastActivity >= limit.toNanos()) {
          StalledTransferException stalled = stalled(request, now);
          Watched<?> body = subscriber;
          if (body != null) {
            body.abort(stalled);
          }
          response.cancel(true);
          throw stalled;
        }
      } catch (ExecutionException e) {
        throw rethrown(e.getCause());
      } catch (InterruptedException e) {
        response.cancel(true);
        throw e;
      }
    }
  }

  private <T> BodySubscriber<T> watched(BodySubscriber<T> delegate) {
    Watched<T> watched = new Watched<>(delegate);
    subscriber = watched;
    lastActivity = System.nanoTime();
    return watched;
  }

  private void moved(AtomicLong counter, long bytes) {
    if (bytes > 0) {
      counter.addAndGet(bytes);
      lastActivity = System.nanoTime();
    }
  }

  private StalledTransferException stalled(HttpRequest request, long now) {
    String host = request.uri().getAuthority();
    String story;
    if (subscriber != null) {
      story =
          "stopped sending "
              + what
              + " after "
              + bytes(received.get())
              + (expectedBytes >= 0 ? " of " + bytes(expectedBytes) : "")
              + " bytes";
    } else if (sent.get() > 0) {
      story = "stopped reading " + what + " after " + bytes(sent.get()) + " bytes were sent";
    } else {
      story = "did not answer the request for " + what;
    }
    return new StalledTransferException(
        "the server at "
            + host
            + " "
            + story
            + ": nothing moved for "
            + seconds(now - lastActivity)
            + ", "
            + seconds(now - started)
            + " after the "
            + request.method()
            + " started (idle limit "
            + seconds(limit.toNanos())
            + ": --read-timeout or ORAS_READ_TIMEOUT)");
  }

  private static String bytes(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }

  private static IOException rethrown(Throwable cause) {
    if (cause instanceof IOException io) {
      return io;
    }
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IOException(cause);
  }

  /** Counts what arrives and lets the watch end a body that stopped. */
  private final class Watched<T> implements BodySubscriber<T> {
    private final BodySubscriber<T> delegate;
    private Flow.Subscription subscription;
    private boolean done;

    Watched(BodySubscriber<T> delegate) {
      this.delegate = delegate;
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      delegate.onSubscribe(subscription);
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> items) {
      if (done) {
        return;
      }
      moved(received, items.stream().mapToLong(ByteBuffer::remaining).sum());
      delegate.onNext(items);
    }

    @Override
    public synchronized void onError(Throwable throwable) {
      if (!done) {
        done = true;
        delegate.onError(throwable);
      }
    }

    @Override
    public synchronized void onComplete() {
      if (!done) {
        done = true;
        delegate.onComplete();
      }
    }

    @Override
    public CompletionStage<T> getBody() {
      return delegate.getBody();
    }

    synchronized void abort(IOException stalled) {
      if (!done) {
        done = true;
        if (subscription != null) {
          subscription.cancel();
        }
        delegate.onError(stalled);
      }
    }
  }
}
