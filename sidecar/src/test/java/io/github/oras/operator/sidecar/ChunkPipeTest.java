package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ChunkPipeTest {

  @Test
  void bytesArriveInOrderAndComplete() throws Exception {
    byte[] data = new byte[3_000_000];
    new Random(9).nextBytes(data);
    ChunkPipe pipe = new ChunkPipe();
    CompletableFuture<Void> producer =
        CompletableFuture.runAsync(
            () -> {
              try (OutputStream out = pipe.sink()) {
                for (int off = 0; off < data.length; off += 7_777) {
                  out.write(data, off, Math.min(7_777, data.length - off));
                }
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    try (InputStream in = pipe.source()) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    producer.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aProducerFailureReachesTheReader() throws Exception {
    ChunkPipe pipe = new ChunkPipe();
    OutputStream out = pipe.sink();
    out.write(new byte[1000]);
    pipe.fail(new java.nio.file.AccessDeniedException("/data/secret.txt"));
    InputStream in = pipe.source();
    assertThatThrownBy(in::readAllBytes)
        .isInstanceOf(IOException.class)
        .hasRootCauseInstanceOf(java.nio.file.AccessDeniedException.class)
        .hasMessageContaining("/data/secret.txt");
  }

  @Test
  void aReaderThatStopsMakesTheProducerFailInsteadOfHanging() throws Exception {
    ChunkPipe pipe = new ChunkPipe();
    CompletableFuture<Throwable> producer =
        CompletableFuture.supplyAsync(
            () -> {
              try (OutputStream out = pipe.sink()) {
                byte[] chunk = new byte[1 << 20];
                while (true) {
                  out.write(chunk);
                }
              } catch (IOException e) {
                return e;
              }
            });
    pipe.source().read(new byte[10]);
    pipe.closeReader();
    assertThat(producer.get(10, TimeUnit.SECONDS))
        .hasMessageContaining("stopped reading the archive");
  }

  @Test
  void aHandOffDeliversEverythingInOrderAndLeavesTheDownstreamOpen() throws Exception {
    byte[] data = new byte[3_000_000];
    new Random(11).nextBytes(data);
    java.util.concurrent.atomic.AtomicBoolean downstreamClosed =
        new java.util.concurrent.atomic.AtomicBoolean();
    ByteArrayOutputStream downstream =
        new ByteArrayOutputStream() {
          @Override
          public void close() {
            downstreamClosed.set(true);
          }
        };
    try (OutputStream out = ChunkPipe.handOff(downstream, "test-handoff")) {
      for (int off = 0; off < data.length; off += 5_555) {
        out.write(data, off, Math.min(5_555, data.length - off));
      }
      out.write(42);
    }
    byte[] expected = java.util.Arrays.copyOf(data, data.length + 1);
    expected[data.length] = 42;
    assertThat(downstream.toByteArray()).isEqualTo(expected);
    assertThat(downstreamClosed).isFalse();
  }

  @Test
  void aFailingDownstreamStopsTheWriterWithItsErrorInsteadOfHanging() {
    OutputStream failing =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("No space left on device");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            write(0);
          }
        };
    OutputStream out = ChunkPipe.handOff(failing, "test-handoff");
    assertThatThrownBy(
            () -> {
              try (out) {
                byte[] chunk = new byte[1 << 20];
                while (true) {
                  out.write(chunk);
                }
              }
            })
        .isInstanceOf(IOException.class)
        .hasMessageContaining("No space left on device");
  }

  @Test
  void aDownstreamFailureAfterTheLastWriteSurfacesOnClose() throws Exception {
    OutputStream failing =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk quota exceeded");
          }
        };
    OutputStream out = ChunkPipe.handOff(failing, "test-handoff");
    out.write(new byte[100]);
    assertThatThrownBy(out::close).hasMessageContaining("disk quota exceeded");
  }

  @Test
  void readAheadDeliversTheWholeSourceAndClosesIt() throws Exception {
    byte[] data = new byte[2_000_000];
    new Random(3).nextBytes(data);
    java.util.concurrent.atomic.AtomicBoolean closed =
        new java.util.concurrent.atomic.AtomicBoolean();
    InputStream source =
        new java.io.ByteArrayInputStream(data) {
          @Override
          public void close() throws IOException {
            // A slow close (a connection's teardown): the reader must still see it done once it
            // has read the end.
            try {
              Thread.sleep(100);
            } catch (InterruptedException e) {
              throw new java.io.InterruptedIOException();
            }
            closed.set(true);
          }
        };
    try (InputStream in = ChunkPipe.readAhead(source, "test-read-ahead")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(closed).isTrue();
  }

  @Test
  void aSourceFailureInReadAheadIsAnErrorNotAnEarlyEnd() throws Exception {
    InputStream failing =
        new InputStream() {
          private int left = 600_000;

          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
              throw new java.util.zip.ZipException("invalid stored block lengths");
            }
            int n = Math.min(len, left);
            left -= n;
            return n;
          }
        };
    InputStream in = ChunkPipe.readAhead(failing, "test-read-ahead");
    assertThatThrownBy(in::readAllBytes)
        .isInstanceOf(IOException.class)
        .hasRootCauseInstanceOf(java.util.zip.ZipException.class);
  }

  @Test
  void aReaderThatClosesReadAheadEarlyStopsItsThread() throws Exception {
    CompletableFuture<Void> sourceClosed = new CompletableFuture<>();
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return 0;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            return len;
          }

          @Override
          public void close() {
            sourceClosed.complete(null);
          }
        };
    InputStream in = ChunkPipe.readAhead(endless, "test-read-ahead");
    assertThat(in.readNBytes(1000)).hasSize(1000);
    in.close();
    sourceClosed.get(10, TimeUnit.SECONDS);
  }
}
