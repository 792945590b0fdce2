extension RepairCounts {
    /// Every repair made, of any kind.
    var total: Int { missing + duplicate + unknown }
}
