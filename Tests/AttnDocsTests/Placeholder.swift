import XCTest

final class AttnDocsTestsPlaceholder: XCTestCase {}
