//! Dynamic batching across requests: the statements of every request in flight wait in one
//! queue, and worker threads take forward passes of up to `batch_size` statements from it,
//! waiting at most `max_wait` for a batch to fill (as text-embeddings-inference does).
//!
//! Fairness: each request has its own queue, and a batch is filled round-robin, one
//! statement per request in turn, so a request of 10,000 documents gets one share of the
//! forward passes, not all of them, while small requests arrive. A request's own statements
//! go shortest first, so its share of a batch pads little.

use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use crate::model::classifier::Scored;
use crate::screen::Screener;
use crate::serve::metrics::Metrics;

/// A statement's score, or why it has none.
pub type Score = Result<Scored, String>;

/// How the batch workers run.
#[derive(Clone, Debug)]
pub struct BatchConfig {
    /// Statements per forward pass at most.
    pub batch_size: usize,
    /// How long a batch that is not full waits for more statements.
    pub max_wait: Duration,
    /// Threads running forward passes side by side.
    pub workers: usize,
}

/// One request's statements and the scores found so far.
struct Job {
    seqs: Vec<Vec<u32>>,
    scores: Mutex<Vec<Option<Score>>>,
    remaining: AtomicUsize,
    done: Mutex<Option<oneshot::Sender<Vec<Score>>>>,
    /// Set when the caller stopped waiting (client gone): its statements are dropped.
    cancelled: AtomicBool,
}

impl Job {
    fn deliver(&self, k: usize, s: Score) {
        lock(&self.scores)[k] = Some(s);
        if self.remaining.fetch_sub(1, Ordering::AcqRel) == 1 {
            let scores = std::mem::take(&mut *lock(&self.scores))
                .into_iter()
                .map(|s| s.unwrap_or_else(|| Err("internal: a statement was not scored".into())))
                .collect();
            if let Some(tx) = lock(&self.done).take() {
                let _ = tx.send(scores);
            }
        }
    }
}

/// A request's place in the round-robin: its statements not yet taken, shortest first.
struct Entry {
    job: Arc<Job>,
    pending: VecDeque<usize>,
}

#[derive(Default)]
struct Queue {
    entries: VecDeque<Entry>,
    /// Statements waiting, over all entries.
    waiting: usize,
    /// When the oldest waiting statement arrived.
    since: Option<Instant>,
    closed: bool,
}

struct Shared {
    queue: Mutex<Queue>,
    ready: Condvar,
    screener: Arc<Screener>,
    config: BatchConfig,
    metrics: Arc<Metrics>,
}

/// The batch workers and their queue. Dropping it (when the server has stopped) drops what
/// is still queued and waits for the passes in progress.
pub struct Batcher {
    shared: Arc<Shared>,
    threads: Vec<JoinHandle<()>>,
}

/// A request's wait for its scores; dropping it before they come drops its statements.
pub struct Pending {
    job: Arc<Job>,
    rx: oneshot::Receiver<Vec<Score>>,
}

impl Pending {
    /// The scores, in the order the statements were submitted.
    pub async fn scores(mut self) -> Vec<Score> {
        let n = self.job.seqs.len();
        match (&mut self.rx).await {
            Ok(s) => s,
            Err(_) => vec![Err("internal: the batch workers stopped".to_string()); n],
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        self.job.cancelled.store(true, Ordering::Relaxed);
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Workers catch model panics, so a poisoned lock only means a panic between plain
    // updates; the data is still consistent enough to go on.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Batcher {
    pub fn start(screener: Arc<Screener>, config: BatchConfig, metrics: Arc<Metrics>) -> Batcher {
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue::default()),
            ready: Condvar::new(),
            screener,
            config: BatchConfig {
                batch_size: config.batch_size.max(1),
                workers: config.workers.max(1),
                ..config
            },
            metrics,
        });
        let threads = (0..shared.config.workers)
            .map(|i| {
                let shared = shared.clone();
                std::thread::Builder::new()
                    .name(format!("conferral-batch-{i}"))
                    .spawn(move || work(&shared))
                    .expect("spawn a batch worker")
            })
            .collect();
        Batcher { shared, threads }
    }

    /// Queues one request's statements (token ids); the scores come back in this order.
    pub fn submit(&self, seqs: Vec<Vec<u32>>) -> Pending {
        let (tx, rx) = oneshot::channel();
        let n = seqs.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&k| seqs[k].len());
        let job = Arc::new(Job {
            scores: Mutex::new(vec![None; n]),
            remaining: AtomicUsize::new(n),
            seqs,
            done: Mutex::new(Some(tx)),
            cancelled: AtomicBool::new(false),
        });
        if n == 0 {
            if let Some(tx) = lock(&job.done).take() {
                let _ = tx.send(Vec::new());
            }
        } else {
            let mut q = lock(&self.shared.queue);
            q.entries.push_back(Entry {
                job: job.clone(),
                pending: order.into(),
            });
            q.waiting += n;
            q.since.get_or_insert_with(Instant::now);
            self.shared
                .metrics
                .queued_statements
                .store(q.waiting, Ordering::Relaxed);
            drop(q);
            self.shared.ready.notify_all();
        }
        Pending { job, rx }
    }
}

impl Drop for Batcher {
    fn drop(&mut self) {
        let mut q = lock(&self.shared.queue);
        q.closed = true;
        // Their callers are gone (the server stopped): nobody waits for these scores.
        q.entries.clear();
        q.waiting = 0;
        drop(q);
        self.shared.ready.notify_all();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

/// A worker: waits for a batch (full, or the oldest statement waited `max_wait`), takes it
/// round-robin over the requests, scores it, hands each score to its request.
fn work(shared: &Shared) {
    let cfg = &shared.config;
    loop {
        let batch = {
            let mut q = lock(&shared.queue);
            loop {
                drop_cancelled(&mut q);
                if q.waiting == 0 {
                    if q.closed {
                        return;
                    }
                    q = shared.ready.wait(q).unwrap_or_else(|e| e.into_inner());
                    continue;
                }
                let waited = q.since.map_or(Duration::ZERO, |t| t.elapsed());
                if q.waiting >= cfg.batch_size || q.closed || waited >= cfg.max_wait {
                    break;
                }
                q = shared
                    .ready
                    .wait_timeout(q, cfg.max_wait - waited)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
            let batch = take_batch(&mut q, cfg.batch_size, PAD_SLACK);
            shared
                .metrics
                .queued_statements
                .store(q.waiting, Ordering::Relaxed);
            batch
        };
        // Another worker may start on what is left at once.
        shared.ready.notify_one();
        if batch.is_empty() {
            continue;
        }
        shared.metrics.batch(batch.len());
        let seqs: Vec<&[u32]> = batch.iter().map(|(j, k)| j.seqs[*k].as_slice()).collect();
        // A panic in a forward pass costs this batch its scores, never the process.
        let scores =
            std::panic::catch_unwind(AssertUnwindSafe(|| shared.screener.score_seqs(&seqs)))
                .unwrap_or_else(|_| {
                    vec![Err("model failed: the forward pass panicked".into()); seqs.len()]
                });
        for ((job, k), s) in batch.iter().zip(scores) {
            job.deliver(*k, s);
        }
    }
}

/// How much padding a forward pass may carry: its padded tokens (statements x the longest)
/// at most this much over the real ones. Statements from different requests differ in
/// length, and a pass costs what its longest statement costs for each row, so a pass takes
/// statements of similar length only, even if fewer than `batch_size` (past 2-4 statements
/// a larger pass was not faster per statement here: README "Performance").
const PAD_SLACK: f64 = 0.1;

/// Drops the entries of requests whose caller stopped waiting.
fn drop_cancelled(q: &mut Queue) {
    let before = q.waiting;
    q.entries
        .retain(|e| !e.job.cancelled.load(Ordering::Relaxed));
    q.waiting = q.entries.iter().map(|e| e.pending.len()).sum();
    if q.waiting == 0 {
        q.since = None;
    }
    debug_assert!(q.waiting <= before);
}

/// The next forward pass: up to `size` statements of similar length, one per request in
/// turn. The request at the head of the line always gets its next statement in; the others
/// follow in line order, each with its next statement if that keeps the pass padded by at
/// most `slack` (padded tokens over real ones); then, while room is left, a second round, and
/// so on. Requests served go to the back of the line, in the order they were last served;
/// those passed over keep their place at the front, so every request is served within as
/// many passes as there are requests ahead of it.
fn take_batch(q: &mut Queue, size: usize, slack: f64) -> Vec<(Arc<Job>, usize)> {
    let mut batch: Vec<(Arc<Job>, usize)> = Vec::with_capacity(size);
    let (mut longest, mut real) = (0usize, 0usize);
    // Per entry: when it was last served (position in the batch), if at all.
    let mut served: Vec<Option<usize>> = vec![None; q.entries.len()];
    'rounds: loop {
        let mut added = false;
        for (i, e) in q.entries.iter_mut().enumerate() {
            if batch.len() >= size {
                break 'rounds;
            }
            let Some(&k) = e.pending.front() else {
                continue;
            };
            let len = e.job.seqs[k].len().max(1);
            let longest_then = longest.max(len);
            let padded = (batch.len() + 1) * longest_then;
            if batch.is_empty() || padded as f64 <= (1.0 + slack) * (real + len) as f64 {
                e.pending.pop_front();
                served[i] = Some(batch.len());
                batch.push((e.job.clone(), k));
                (longest, real) = (longest_then, real + len);
                added = true;
            }
        }
        if !added {
            break;
        }
    }
    let entries = std::mem::take(&mut q.entries);
    let mut back: Vec<(usize, Entry)> = Vec::new();
    for (e, when) in entries.into_iter().zip(served) {
        match when {
            _ if e.pending.is_empty() => {}
            Some(t) => back.push((t, e)),
            None => q.entries.push_back(e),
        }
    }
    back.sort_by_key(|(t, _)| *t);
    q.entries.extend(back.into_iter().map(|(_, e)| e));
    q.waiting -= batch.len();
    if q.waiting == 0 {
        q.since = None;
    }
    batch
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(n: usize) -> Arc<Job> {
        let (tx, _rx) = oneshot::channel();
        Arc::new(Job {
            seqs: vec![vec![1]; n],
            scores: Mutex::new(vec![None; n]),
            remaining: AtomicUsize::new(n),
            done: Mutex::new(Some(tx)),
            cancelled: AtomicBool::new(false),
        })
    }

    fn queue(sizes: &[usize]) -> Queue {
        let mut q = Queue::default();
        for &n in sizes {
            q.entries.push_back(Entry {
                job: job(n),
                pending: (0..n).collect(),
            });
            q.waiting += n;
        }
        q.since = Some(Instant::now());
        q
    }

    #[test]
    fn a_large_request_gets_one_share_of_each_batch() {
        // One request of 1,000 statements queued before three of one statement each.
        let mut q = queue(&[1000, 1, 1, 1]);
        let big = q.entries[0].job.clone();
        let first = take_batch(&mut q, 8, 0.25);
        let from_big = first.iter().filter(|(j, _)| Arc::ptr_eq(j, &big)).count();
        // 8 slots: the big one takes its turn, each small one its single statement, then
        // the big one fills the rest; every small request is answered in the first pass.
        assert_eq!(first.len(), 8);
        assert_eq!(from_big, 5);
        assert_eq!(q.entries.len(), 1);
        assert_eq!(q.waiting, 1000 - 5);
        // The big request's statements go in order (shortest first, as submitted).
        let ks: Vec<usize> = first
            .iter()
            .filter(|(j, _)| Arc::ptr_eq(j, &big))
            .map(|(_, k)| *k)
            .collect();
        assert_eq!(ks, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn turns_rotate_between_batches() {
        let mut q = queue(&[10, 10, 10]);
        let ids: Vec<_> = q.entries.iter().map(|e| e.job.clone()).collect();
        let who = |b: &[(Arc<Job>, usize)]| -> Vec<usize> {
            b.iter()
                .map(|(j, _)| ids.iter().position(|x| Arc::ptr_eq(x, j)).unwrap())
                .collect()
        };
        assert_eq!(who(&take_batch(&mut q, 4, 0.25)), [0, 1, 2, 0]);
        assert_eq!(who(&take_batch(&mut q, 4, 0.25)), [1, 2, 0, 1]);
        assert_eq!(q.waiting, 22);
    }

    #[test]
    fn a_pass_holds_statements_of_similar_length() {
        // Requests of one statement each, lengths 40, 200, 42, 210, 45.
        let mut q = Queue::default();
        let mut jobs = Vec::new();
        for len in [40, 200, 42, 210, 45] {
            let (tx, _rx) = oneshot::channel();
            let j = Arc::new(Job {
                seqs: vec![vec![1; len]],
                scores: Mutex::new(vec![None]),
                remaining: AtomicUsize::new(1),
                done: Mutex::new(Some(tx)),
                cancelled: AtomicBool::new(false),
            });
            jobs.push(j.clone());
            q.entries.push_back(Entry {
                job: j,
                pending: [0].into(),
            });
            q.waiting += 1;
        }
        let lens = |b: &[(Arc<Job>, usize)]| -> Vec<usize> {
            b.iter().map(|(j, k)| j.seqs[*k].len()).collect()
        };
        assert_eq!(lens(&take_batch(&mut q, 8, 0.25)), [40, 42, 45]);
        // The long ones kept their place and go next, together.
        assert_eq!(lens(&take_batch(&mut q, 8, 0.25)), [200, 210]);
        assert_eq!((q.waiting, q.since), (0, None));
    }

    #[test]
    fn cancelled_requests_leave_the_queue() {
        let mut q = queue(&[3, 2]);
        q.entries[0].job.cancelled.store(true, Ordering::Relaxed);
        drop_cancelled(&mut q);
        assert_eq!(q.waiting, 2);
        assert_eq!(q.entries.len(), 1);
        q.entries[0].job.cancelled.store(true, Ordering::Relaxed);
        drop_cancelled(&mut q);
        assert_eq!((q.waiting, q.since), (0, None));
    }

    #[test]
    fn scores_are_delivered_once_all_are_in() {
        let (tx, mut rx) = oneshot::channel();
        let j = Job {
            seqs: vec![vec![1], vec![2]],
            scores: Mutex::new(vec![None, None]),
            remaining: AtomicUsize::new(2),
            done: Mutex::new(Some(tx)),
            cancelled: AtomicBool::new(false),
        };
        j.deliver(1, Err("b".into()));
        assert!(rx.try_recv().is_err());
        j.deliver(0, Err("a".into()));
        let got = rx.try_recv().unwrap();
        let errs: Vec<Option<String>> = got.into_iter().map(|s| s.err()).collect();
        assert_eq!(errs, [Some("a".to_string()), Some("b".to_string())]);
    }
}
