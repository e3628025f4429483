// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// A deposit wallet (signature type 3, POLY_1271), minimal: one owner EOA; ERC-1271 `isValidSignature` accepts
/// the owner's plain ECDSA signature of the hash, or the ERC-7739 nested TypedDataSign form the official client
/// produces for orders (innerSig ‖ appDomainSeparator ‖ contentsHash ‖ contentsType ‖ uint16 length), under
/// domain {name "DepositWallet", version "1", this chain, this wallet, salt 0}. Calls run either from the owner
/// (`execute`, owner pays gas) or from anyone carrying the owner's EIP-712 `Batch` signature (`executeBatch`:
/// a relayer pays gas, so the owner needs no POL — the gasless path).
contract DepositWallet {
    struct Call {
        address target;
        uint256 value;
        bytes data;
    }

    bytes32 internal constant DOMAIN_TYPEHASH = keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant CALL_TYPEHASH = keccak256("Call(address target,uint256 value,bytes data)");
    bytes32 internal constant BATCH_TYPEHASH =
        keccak256("Batch(address wallet,uint256 nonce,uint256 deadline,Call[] calls)Call(address target,uint256 value,bytes data)");

    address public owner;
    uint256 public nonce;

    event Executed(uint256 calls, bool relayed);

    constructor(address owner_) {
        owner = owner_;
    }

    receive() external payable {}

    function execute(Call[] calldata calls) external {
        require(msg.sender == owner, "only owner");
        _run(calls);
        emit Executed(calls.length, false);
    }

    function executeBatch(Call[] calldata calls, uint256 deadline, bytes calldata signature) external {
        require(block.timestamp <= deadline, "batch expired");
        bytes32[] memory hashes = new bytes32[](calls.length);
        for (uint256 i = 0; i < calls.length; i++) {
            hashes[i] = keccak256(abi.encode(CALL_TYPEHASH, calls[i].target, calls[i].value, keccak256(calls[i].data)));
        }
        bytes32 structHash = keccak256(abi.encode(BATCH_TYPEHASH, address(this), nonce, deadline, keccak256(abi.encodePacked(hashes))));
        require(_recover(keccak256(abi.encodePacked(hex"1901", domainSeparator(), structHash)), signature) == owner, "bad batch signature");
        nonce += 1;
        _run(calls);
        emit Executed(calls.length, true);
    }

    function domainSeparator() public view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256("DepositWallet"), keccak256("1"), block.chainid, address(this)));
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        if (signature.length == 65) return _recover(hash, signature) == owner ? bytes4(0x1626ba7e) : bytes4(0xffffffff);
        if (signature.length < 65 + 64 + 2) return 0xffffffff;
        uint256 typeLength = uint16(bytes2(signature[signature.length - 2:]));
        if (signature.length != 65 + 64 + typeLength + 2) return 0xffffffff;
        bytes32 appSeparator = bytes32(signature[65:97]);
        bytes32 contents = bytes32(signature[97:129]);
        bytes calldata contentsType = signature[129:129 + typeLength];
        if (keccak256(abi.encodePacked(hex"1901", appSeparator, contents)) != hash) return 0xffffffff;
        uint256 nameLength = 0;
        while (nameLength < typeLength && contentsType[nameLength] != "(") nameLength++;
        bytes32 typeHash = keccak256(
            abi.encodePacked(
                "TypedDataSign(",
                contentsType[:nameLength],
                " contents,string name,string version,uint256 chainId,address verifyingContract,bytes32 salt)",
                contentsType
            )
        );
        bytes32 structHash = keccak256(abi.encode(typeHash, contents, keccak256("DepositWallet"), keccak256("1"), block.chainid, address(this), bytes32(0)));
        bytes32 digest = keccak256(abi.encodePacked(hex"1901", appSeparator, structHash));
        return _recover(digest, signature[0:65]) == owner ? bytes4(0x1626ba7e) : bytes4(0xffffffff);
    }

    function _run(Call[] calldata calls) internal {
        for (uint256 i = 0; i < calls.length; i++) {
            (bool ok, bytes memory reason) = calls[i].target.call{value: calls[i].value}(calls[i].data);
            if (!ok) {
                assembly {
                    revert(add(reason, 32), mload(reason))
                }
            }
        }
    }

    function _recover(bytes32 digest, bytes calldata sig) internal pure returns (address) {
        if (sig.length != 65) return address(0);
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        if (v < 27) v += 27;
        return ecrecover(digest, v, r, s);
    }
}

/// Deploys deposit wallets at CREATE2 addresses determined by the owner (salt = owner), like Polymarket's
/// factory; `predict` gives the address before deployment.
contract DepositWalletFactory {
    event WalletDeployed(address indexed owner, address wallet);

    function deploy(address owner) external returns (address wallet) {
        wallet = address(new DepositWallet{salt: bytes32(uint256(uint160(owner)))}(owner));
        emit WalletDeployed(owner, wallet);
    }

    function predict(address owner) external view returns (address) {
        bytes32 codeHash = keccak256(abi.encodePacked(type(DepositWallet).creationCode, abi.encode(owner)));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), bytes32(uint256(uint160(owner))), codeHash)))));
    }
}
