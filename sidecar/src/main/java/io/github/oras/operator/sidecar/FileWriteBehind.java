package io.github.oras.operator.sidecar;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Creates small new files on a thread of its own, in the order they were submitted, while the
 * extractor reads on: with many small files the file system calls (create, write, close, set the
 * time) cost about as much as parsing the archive. Only for names nothing has been written to yet
 * in this archive (the extractor decides); anything that looks at or changes the tree otherwise
 * first {@link #drain}s, so that every check sees the tree as if each entry had been written at
 * once. Each file is created new through an open handle of its parent, never following links, as
 * the extractor does. A failure is reported, with the file's own error, at the next submit or
 * drain. Files go over in batches (up to {@link #BATCH_FILES} files or {@link #BATCH_BYTES}): one
 * hand-off per file cost three futex calls, 30,000 for a directory of 10,000 files. Memory is
 * bounded by the queue: {@link #QUEUED_BATCHES} batches and the one being filled, each under {@link
 * #BATCH_BYTES} plus one file.
 */
final class FileWriteBehind implements Closeable {
  /** Larger files are written by the extractor itself. */
  static final int MAX_BYTES = 64 * 1024;

  private record Job(List<String> target, byte[] data, FileAttribute<?> mode, FileTime time) {}

  static final int BATCH_FILES = 32;
  static final int BATCH_BYTES = 256 * 1024;
  static final int QUEUED_BATCHES = 4;

  private static final List<Job> END = List.of();

  private final BlockingQueue<List<Job>> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
  private List<Job> batch = new ArrayList<>(BATCH_FILES);
  private long batchBytes;
  private final RootedTree tree;
  private final Thread thread;
  private final Object idle = new Object();
  private long submitted;
  private long done; // guarded by idle
  private volatile Throwable failure;

  FileWriteBehind(Path staging) throws IOException {
    this.tree = new RootedTree(staging);
    this.thread = new Thread(this::run, "oras-write");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a new file; {@code data} is handed over. Its parent directory must exist. */
  void submit(List<String> target, byte[] data, FileAttribute<?> mode, FileTime time)
      throws IOException {
    rethrow();
    batch.add(new Job(target, data, mode, time));
    batchBytes += data.length;
    submitted++;
    if (batch.size() >= BATCH_FILES || batchBytes >= BATCH_BYTES) {
      handOver();
    }
  }

  /** Passes the batch being filled to the writer thread. */
  private void handOver() throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    try {
      queue.put(batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while unpacking");
    }
    batch = new ArrayList<>(BATCH_FILES);
    batchBytes = 0;
  }

  /** Waits until every file submitted so far is written; reports the first failure. */
  void drain() throws IOException {
    handOver();
    synchronized (idle) {
      while (done < submitted && failure == null) {
        try {
          idle.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while unpacking");
        }
      }
    }
    rethrow();
  }

  private void rethrow() throws IOException {
    Throwable error = failure;
    if (error instanceof IOException e) {
      throw e;
    } else if (error instanceof RuntimeException e) {
      throw e;
    } else if (error != null) {
      throw new IOException(error);
    }
  }

  private void run() {
    try {
      for (List<Job> jobs; (jobs = queue.take()) != END; ) {
        for (Job job : jobs) {
          if (failure == null) {
            write(job);
          }
        }
        synchronized (idle) {
          done += jobs.size();
          idle.notifyAll();
        }
      }
    } catch (Throwable e) {
      failure = e;
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  private void write(Job job) {
    try (RootedTree.Place place = tree.openShared(job.target());
        SeekableByteChannel out = RootedTree.createFile(place, job.mode())) {
      ByteBuffer data = ByteBuffer.wrap(job.data());
      while (data.hasRemaining()) {
        out.write(data);
      }
      out.close();
      RootedTree.setModifiedTime(place, job.time());
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
  }

  /**
   * Stops the thread once the batch it is writing is done: files not handed over yet, or still
   * queued, are dropped ({@link #drain} first to keep them).
   */
  @Override
  public void close() throws IOException {
    try {
      if (thread.isAlive()) {
        queue.clear();
        queue.put(END);
        thread.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while unpacking");
    } finally {
      tree.close();
    }
  }
}
