// An image dataset from a pair of IDX files in MNIST's layout: images as unsigned bytes of shape
// [N, height, width], labels as unsigned bytes of shape [N]. Each file is checked against the
// other before any dataset is made.

extension ImageDataset {
    /// Reads MNIST-style IDX files (gzip-compressed or not) into a dataset of `[1, height, width]`
    /// images.
    ///
    /// Throws when either file is malformed, when they hold different numbers of items, or when
    /// a label is not an index into `classNames`.
    /// ```swift
    /// let ds = try ImageDataset(
    ///     imagesFile: "t10k-images-idx3-ubyte.gz", labelsFile: "t10k-labels-idx1-ubyte.gz",
    ///     name: "MNIST test", classNames: (0 ..< 10).map(String.init))
    /// ```
    public init(
        imagesFile: String, labelsFile: String, name: String, classNames: [String],
        normalize: (mean: Float, std: Float)? = nil
    ) throws {
        let images = try readByteArray(imagesFile, rank: 3, role: "images", layout: "[N, height, width]")
        let labelArray = try readByteArray(labelsFile, rank: 1, role: "labels", layout: "[N]")
        guard labelArray.shape[0] == images.shape[0] else {
            throw EmberError.invalidFile(
                path: labelsFile,
                message: "has \(labelArray.shape[0]) labels but \(imagesFile) has \(images.shape[0]) images")
        }
        // Each one-byte label becomes an Int: eight times the file's size.
        try MemoryBudget.check(count: labelArray.payload.count, size: MemoryLayout<Int>.size, for: labelsFile)
        let labels = labelArray.payload.map(Int.init)
        if let position = labels.firstIndex(where: { $0 >= classNames.count }) {
            throw EmberError.invalidFile(
                path: labelsFile,
                message: "label \(labels[position]) at position \(position) is not a class index in "
                    + "0..<\(classNames.count)")
        }
        try self.init(
            name: name, pixels: images.payload, labels: labels,
            imageShape: [1, images.shape[1], images.shape[2]], classNames: classNames, normalize: normalize)
    }
}

/// Reads the IDX file at `path`, which must hold unsigned bytes with `rank` dimensions.
private func readByteArray(_ path: String, rank: Int, role: String, layout: String) throws -> IDXArray {
    let array = try IDXArray(contentsOf: path)
    guard array.dataType == .uint8, array.shape.count == rank else {
        throw EmberError.invalidFile(
            path: path,
            message:
                "holds \(array.dataType) values of shape \(formatShape(array.shape)); \(role) must be uint8 "
                + "of shape \(layout)")
    }
    return array
}
