// Images kept as the bytes they were stored in (47 MB for 60,000 MNIST images rather than 188 MB
// of floats) and turned into Float32 one batch at a time. The conversion is on the training hot
// path, so it goes through a 256-entry table, one lookup per pixel, over unsafe buffers.

/// A dataset of 8-bit images with integer labels, such as MNIST.
///
/// Pixels become floats in [0, 1] (the byte divided by 255), then `(x − mean) / std` when
/// `normalize` is given. Subsets share the pixel storage: they hold only a list of indices.
/// ```swift
/// let ds = try ImageDataset(
///     name: "tiny", pixels: bytes, labels: [3, 1], imageShape: [1, 28, 28],
///     classNames: (0 ..< 10).map(String.init))
/// let (x, y) = try ds.batch([0, 1])    // x: [2, 1, 28, 28]
/// ```
public struct ImageDataset: Dataset {
    /// A short name for printouts (`FashionMNIST train`).
    public let name: String
    /// `[channels, height, width]` of every image.
    public let imageShape: [Int]
    /// The name of each class, by label.
    public let classNames: [String]
    /// The (mean, std) subtracted and divided by after scaling to [0, 1], if any.
    public let normalize: (mean: Float, std: Float)?
    /// Every image of the underlying storage, one after another, one byte per pixel.
    private let pixels: [UInt8]
    /// The label of every image of the underlying storage.
    private let labels: [Int]
    /// The storage positions this dataset is made of; nil for all of them in order.
    private let indices: [Int]?
    /// The float value of each byte value, normalisation included.
    private let table: [Float]

    /// Makes a dataset from `pixels` (count × the product of `imageShape` bytes) and one label
    /// per image, each a valid index into `classNames`.
    public init(
        name: String, pixels: [UInt8], labels: [Int], imageShape: [Int], classNames: [String],
        normalize: (mean: Float, std: Float)? = nil
    ) throws {
        let function = "ImageDataset"
        guard imageShape.count == 3, imageShape.allSatisfy({ $0 > 0 }) else {
            throw EmberError.invalidArgument(
                function: function,
                message: "image shape must be [channels, height, width] with positive sizes, got "
                    + formatShape(imageShape))
        }
        // One image must be a valid tensor, and the product with the count must not overflow.
        let plane = try elementCount(of: imageShape, operation: function)
        let (needed, overflow) = labels.count.multipliedReportingOverflow(by: plane)
        guard !overflow, pixels.count == needed else {
            throw EmberError.invalidArgument(
                function: function,
                message: "\(labels.count) images of \(formatShape(imageShape)) need "
                    + (overflow ? "more bytes of pixels than memory holds" : "\(needed) bytes of pixels")
                    + ", got \(pixels.count)")
        }
        if let position = labels.firstIndex(where: { $0 < 0 || $0 >= classNames.count }) {
            throw EmberError.invalidArgument(
                function: function,
                message: "label \(labels[position]) of image \(position) is not a class index in "
                    + "0..<\(classNames.count)")
        }
        if let normalize, !(normalize.std > 0 && normalize.std.isFinite && normalize.mean.isFinite) {
            throw EmberError.invalidArgument(
                function: function,
                message: "normalize needs a finite mean and a positive std, got mean "
                    + "\(normalize.mean), std \(normalize.std)")
        }
        self.init(
            name: name, pixels: pixels, labels: labels, indices: nil, imageShape: imageShape,
            classNames: classNames, normalize: normalize)
    }

    private init(
        name: String, pixels: [UInt8], labels: [Int], indices: [Int]?, imageShape: [Int],
        classNames: [String], normalize: (mean: Float, std: Float)?
    ) {
        self.name = name
        self.pixels = pixels
        self.labels = labels
        self.indices = indices
        self.imageShape = imageShape
        self.classNames = classNames
        self.normalize = normalize
        // The same expression per byte as the reference formula (x / 255 − mean) / std, so a
        // batch holds exactly the values a direct computation gives.
        table = (0..<256).map { byte in
            let unit = Float(byte) / 255
            guard let normalize else { return unit }
            return (unit - normalize.mean) / normalize.std
        }
    }

    /// The number of images.
    public var count: Int { indices?.count ?? labels.count }

    /// `name: count images of [1, 28, 28], 10 classes`.
    public var description: String {
        let norm = normalize.map { ", normalized with mean \($0.mean), std \($0.std)" } ?? ""
        return "\(name): \(formatCount(count)) images of \(formatShape(imageShape)), "
            + "\(classNames.count) classes\(norm)"
    }

    /// The position in storage of item `index`, which the caller has checked.
    private func storageIndex(_ index: Int) -> Int {
        indices?[index] ?? index
    }

    /// Image `index` as Float32 `[C, H, W]`, with its label; negative counts from the end.
    public func item(at index: Int) throws -> (image: Tensor, label: Int) {
        let position = try checkedDatasetIndex(index, count: count, operation: "\(name) item")
        let (images, _) = try batch([position])
        return (try images.reshape(imageShape), labels[storageIndex(position)])
    }

    /// The images at `batchIndices` as `[B, C, H, W]` Float32 (converted from bytes now), with
    /// their labels as floats.
    public func batch(_ batchIndices: [Int]) throws -> (images: Tensor, labels: Tensor) {
        let sources = try batchIndices.map {
            storageIndex(try checkedDatasetIndex($0, count: count, operation: "\(name) batch"))
        }
        let plane = imageShape.reduce(1, *)
        let images = try Tensor(uninitializedShape: [sources.count] + imageShape) { out in
            pixels.withUnsafeBufferPointer { bytes in
                table.withUnsafeBufferPointer { table in
                    guard let source = bytes.baseAddress, let target = out.baseAddress,
                        let lookup = table.baseAddress
                    else { return }
                    for (row, image) in sources.enumerated() {
                        let from = source + image * plane
                        let to = target + row * plane
                        for k in 0..<plane { to[k] = lookup[Int(from[k])] }
                    }
                }
            }
        }
        return (images, Tensor(sources.map { Float(labels[$0]) }))
    }

    /// The images at `subsetIndices`, sharing this dataset's pixels.
    public func subset(indices subsetIndices: [Int]) throws -> ImageDataset {
        let sources = try subsetIndices.map {
            storageIndex(try checkedDatasetIndex($0, count: count, operation: "\(name) subset"))
        }
        return ImageDataset(
            name: name, pixels: pixels, labels: labels, indices: sources, imageShape: imageShape,
            classNames: classNames, normalize: normalize)
    }
}
