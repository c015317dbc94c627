"""evaluation.json from a PyTorch run: the confusion matrix, per-class accuracy, loss and accuracy
of each split the script evaluates (batch by batch, through Probe.evaluate), and a bounded gallery
of misclassified images when the script passes them. Same format as the engine's
(main/contract/runs/evaluation.ts, resources/run-format/evaluation.schema.json): splits `val`
first, then `test`; the gallery keeps at most GALLERY_PER_CLASS images per true class and
GALLERY_TOTAL in all, the most confident mistakes of each class taken in turn.

Counting happens on the logits' device; only the per-batch confusion counts (classes² integers)
and the few gallery candidates are copied to the host.
"""
import base64
import struct
import zlib

import torch
import torch.nn.functional as F

EVALUATION_FORMAT = 1
GALLERY_PER_CLASS = 8
GALLERY_TOTAL = 48
THUMBNAIL_EDGE = 96
SPLITS = ("val", "test")


class _Split:
    """Running totals of one split: confusion counts, summed loss, and gallery candidates."""

    def __init__(self, classes):
        self.confusion = [[0] * classes for _ in range(classes)]
        self.loss_sum = 0.0
        self.examples = 0
        self.candidates = {}  # true class -> [(confidence, index, predicted, png)]
        self.with_images = False


class Evaluation:
    """Accumulates Probe.evaluate() calls; `record(step)` is evaluation.json's dict (or None)."""

    def __init__(self, class_names):
        self.classes = list(class_names)
        self._splits = {}

    def add(self, logits, targets, split="test", images=None):
        """Counts one batch. logits: [batch, classes] (before softmax); targets: [batch] class
        indices; images: optional [batch, C, H, W] (C 1 or 3) or [batch, H, W], values in [0, 1]
        shown as they are, any other range stretched per image to its own min–max."""
        if split not in SPLITS:
            raise ValueError(f"split must be 'val' or 'test', got {split!r}")
        logits, targets = _checked(logits, targets, len(self.classes), images)
        s = self._splits.setdefault(split, _Split(len(self.classes)))
        with torch.no_grad():
            logits = logits.detach().float()
            targets = targets.detach().long().to(logits.device)
            probs = F.softmax(logits, dim=1)
            confidence, predicted = probs.max(dim=1)
            k = len(self.classes)
            counts = torch.bincount(targets * k + predicted, minlength=k * k).cpu().tolist()
            for t in range(k):
                row = s.confusion[t]
                for p in range(k):
                    row[p] += counts[t * k + p]
            s.loss_sum += float(F.cross_entropy(logits, targets, reduction="sum"))
            if images is not None:
                s.with_images = True
                self._keep_mistakes(s, images, targets, predicted, confidence)
            s.examples += int(targets.shape[0])

    def _keep_mistakes(self, s, images, targets, predicted, confidence):
        wrong = (predicted != targets).nonzero().flatten().cpu().tolist()
        if not wrong:
            return
        t_list, p_list, c_list = targets.cpu().tolist(), predicted.cpu().tolist(), confidence.cpu().tolist()
        for i in wrong:
            kept = s.candidates.setdefault(t_list[i], [])
            key = (c_list[i], -(s.examples + i))
            if len(kept) == GALLERY_PER_CLASS and key <= (kept[-1][0], -kept[-1][1]):
                continue  # not among this class's most confident mistakes so far
            kept.append((c_list[i], s.examples + i, p_list[i], png_data_url(images[i])))
            kept.sort(key=lambda c: (-c[0], c[1]))
            del kept[GALLERY_PER_CLASS:]

    def accuracy(self, split):
        """Correct ÷ examples of `split` so far, or None when it was never evaluated."""
        s = self._splits.get(split)
        if not s or s.examples == 0:
            return None
        return sum(s.confusion[t][t] for t in range(len(self.classes))) / s.examples

    def loss(self, split):
        """Mean cross-entropy (nats) of `split` so far, or None."""
        s = self._splits.get(split)
        return s.loss_sum / s.examples if s and s.examples else None

    def record(self, step):
        """evaluation.json's content after `step` optimizer steps; None when nothing was evaluated."""
        splits = [(name, self._splits[name]) for name in SPLITS if name in self._splits
                  and self._splits[name].examples > 0]
        if not splits:
            return None
        gallery_split = next((s for _, s in splits if s.with_images), None)
        misclassified, total = self._gallery(gallery_split) if gallery_split else ([], 0)
        if gallery_split is None:  # no images given: count the mistakes of the first split
            first = splits[0][1]
            total = first.examples - sum(first.confusion[t][t] for t in range(len(self.classes)))
        return {"format": EVALUATION_FORMAT, "classes": self.classes, "step": step,
                "splits": [_split_record(name, s) for name, s in splits],
                "misclassified": misclassified, "misclassifiedTotal": total}

    def _gallery(self, s):
        queues = [s.candidates[t] for t in sorted(s.candidates)]
        out = []
        for rank in range(GALLERY_PER_CLASS):
            for t, queue in zip(sorted(s.candidates), queues):
                if rank < len(queue) and len(out) < GALLERY_TOTAL:
                    confidence, index, predicted, image = queue[rank]
                    out.append({"index": index, "trueClass": t, "predictedClass": predicted,
                                "confidence": confidence, "image": image})
        wrong = s.examples - sum(s.confusion[t][t] for t in range(len(self.classes)))
        return out, wrong


def _split_record(name, s):
    counts = [sum(row) for row in s.confusion]
    return {"split": name, "confusion": s.confusion, "counts": counts,
            "perClassAccuracy": [row[t] / n if n else None for t, (row, n) in enumerate(zip(s.confusion, counts))],
            "accuracy": sum(s.confusion[t][t] for t in range(len(counts))) / s.examples}


def _checked(logits, targets, classes, images):
    if not torch.is_tensor(logits) or logits.dim() != 2:
        raise ValueError("evaluate(logits, targets): logits must be a tensor [batch, classes], "
                         f"the model's output before softmax; got {_shape(logits)}")
    if logits.shape[1] != classes:
        raise ValueError(f"evaluate: logits have {logits.shape[1]} columns but the run has {classes} "
                         "classes; pass class_names (or dataset classes) that match the model's output")
    if not torch.is_tensor(targets) or targets.dim() != 1 or targets.shape[0] != logits.shape[0]:
        raise ValueError(f"evaluate: targets must be a tensor [batch] of class indices, one per row of "
                         f"logits ({logits.shape[0]}); got {_shape(targets)}")
    if targets.numel() and (int(targets.min()) < 0 or int(targets.max()) >= classes):
        raise ValueError(f"evaluate: targets must be class indices in 0..{classes - 1}; got "
                         f"{int(targets.min())}..{int(targets.max())}")
    if images is not None and (not torch.is_tensor(images) or images.shape[0] != logits.shape[0]
                               or images.dim() not in (3, 4)):
        raise ValueError("evaluate: images must be a tensor [batch, C, H, W] or [batch, H, W], one "
                         f"per row of logits ({logits.shape[0]}); got {_shape(images)}")
    return logits, targets


def _shape(value):
    return f"shape {list(value.shape)}" if torch.is_tensor(value) else type(value).__name__


def png_data_url(image):
    """`data:image/png;base64,…` of one image [C, H, W] (C 1 or 3), [H, W, C] or [H, W]; values in
    [0, 1] as they are, any other range stretched to the image's own min–max; edges above
    THUMBNAIL_EDGE shrunk (area average)."""
    x = image.detach().float().cpu()
    if x.dim() == 3 and x.shape[0] not in (1, 3) and x.shape[-1] in (1, 3):
        x = x.permute(2, 0, 1)
    if x.dim() == 2:
        x = x.unsqueeze(0)
    if x.dim() != 3 or x.shape[0] not in (1, 3):
        raise ValueError(f"an image must be [C, H, W] with 1 or 3 channels, got {list(image.shape)}")
    x = torch.nan_to_num(x)
    lo, hi = float(x.min()), float(x.max())
    if lo < 0 or hi > 1:
        x = (x - lo) / (hi - lo) if hi > lo else torch.zeros_like(x)
    h, w = x.shape[1:]
    if max(h, w) > THUMBNAIL_EDGE:
        scale = THUMBNAIL_EDGE / max(h, w)
        size = (max(1, round(h * scale)), max(1, round(w * scale)))
        x = F.interpolate(x.unsqueeze(0), size=size, mode="area").squeeze(0)
    data = (x.clamp(0, 1) * 255).round().to(torch.uint8).permute(1, 2, 0).contiguous()
    height, width, channels = data.shape
    png = _png(bytes(data.flatten().tolist()), width, height, channels)
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _png(pixels, width, height, channels):
    """A PNG file of 8-bit grey (channels 1) or RGB (3) rows, filter 0, zlib-compressed."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    stride = width * channels
    raw = b"".join(b"\x00" + pixels[y * stride:(y + 1) * stride] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0 if channels == 1 else 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
