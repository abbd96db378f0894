// What training and evaluation need from a dataset: its size, the shape of one image, the class
// names, single items, and whole batches made in one go. Subsets and random splits are built
// from lists of indices, so every implementation gets them from `subset(indices:)`.

/// A collection of labelled images, read one at a time or in batches.
///
/// Images are Float32 tensors of `imageShape` (`[1, 28, 28]` for MNIST); labels are class
/// indices into `classNames`.
/// ```swift
/// let train = try Datasets.fashionMNIST(split: .train)
/// let (x, y) = try train.batch([0, 1, 2])   // x: [3, 1, 28, 28], y: [3]
/// ```
public protocol Dataset: CustomStringConvertible, Sendable {
    /// The number of images.
    var count: Int { get }
    /// The shape of one image, `[channels, height, width]`.
    var imageShape: [Int] { get }
    /// The name of each class, indexed by label.
    var classNames: [String] { get }
    /// The image at `index` (negative indices count from the end) and its label.
    func item(at index: Int) throws -> (image: Tensor, label: Int)
    /// The images at `indices` as `[B, channels, height, width]` and their labels as `[B]`
    /// (floats holding class indices, as the losses take them).
    func batch(_ indices: [Int]) throws -> (images: Tensor, labels: Tensor)
    /// The dataset made of the items at `indices`, in that order, sharing this one's storage.
    func subset(indices: [Int]) throws -> Self
}

extension Dataset {
    /// The items at positions `range` (what `ds[0:8000]` means in the shell).
    public func subset(_ range: Range<Int>) throws -> Self {
        guard range.lowerBound >= 0, range.upperBound <= count else {
            throw EmberError.invalidArgument(
                function: "subset",
                message: "range \(range.lowerBound)..<\(range.upperBound) is outside the dataset's "
                    + "0..<\(count)")
        }
        return try subset(indices: Array(range))
    }

    /// Two disjoint random parts: the first holds round(fraction × count) items, the second the
    /// rest. The same seed always gives the same parts.
    ///
    /// ```swift
    /// let (train, validation) = try full.split(fraction: 0.8, seed: 0)
    /// ```
    public func split(fraction: Double, seed: UInt64) throws -> (Self, Self) {
        guard fraction >= 0, fraction <= 1 else {
            throw EmberError.invalidArgument(
                function: "split", message: "fraction must be between 0 and 1, got \(fraction)")
        }
        let order = Generator(seed: seed).permutation(count)
        let firstCount = Int((fraction * Double(count)).rounded())
        return (
            try subset(indices: Array(order[..<firstCount])),
            try subset(indices: Array(order[firstCount...]))
        )
    }
}

/// Throws unless `index` is a valid position in a dataset of `count` items; returns it with
/// negative values counted from the end.
func checkedDatasetIndex(_ index: Int, count: Int, operation: @autoclosure () -> String) throws -> Int {
    let position = index < 0 ? index + count : index
    guard position >= 0, position < count else {
        // The name is built only for the error: batches check thousands of indices each.
        throw EmberError.indexOutOfRange(operation: operation(), index: index, axis: 0, size: count)
    }
    return position
}
