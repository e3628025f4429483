// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// Gnosis Safe wallets (signature type 2), minimal, with the ABI surface of Safe 1.3.0 that Polymarket's
/// relayer uses (`execTransaction`, `nonce`, `getTransactionHash`, `getOwners`, `getThreshold`) and of
/// Polymarket's `SafeProxyFactory` (Polymarket/proxy-factories: `createProxy` with the owner's EIP-712
/// `CreateProxy` signature, `computeProxyAddress`, CREATE2 salt keccak256(abi.encode(owner))).
///
/// - `execTransaction` hashes the `SafeTx` under the domain {chainId, verifyingContract} with the Safe's
///   current nonce, increments the nonce, checks one owner's signature — v 27/28: ECDSA of the hash; v > 30:
///   eth_sign of the hash, v - 4 (what Polymarket's relayer client sends) — and runs the call. With safeTxGas
///   and gasPrice 0 (the relayer's), a failing call reverts the whole transaction (GS013), nonce included:
///   a signed SafeTx runs at most once, and only successfully.
/// Not modelled: several owners (threshold 1 only), contract / pre-approved signatures, delegate calls
/// (operation 1, MultiSend), gas refunds, modules, guards, fallback handlers; the factory deploys the Safe
/// itself rather than a GnosisSafeProxy to a master copy.
contract GnosisSafe {
    bytes32 internal constant DOMAIN_SEPARATOR_TYPEHASH = keccak256("EIP712Domain(uint256 chainId,address verifyingContract)");
    bytes32 internal constant SAFE_TX_TYPEHASH =
        keccak256("SafeTx(address to,uint256 value,bytes data,uint8 operation,uint256 safeTxGas,uint256 baseGas,uint256 gasPrice,address gasToken,address refundReceiver,uint256 nonce)");

    address[] internal owners;
    uint256 internal threshold;
    uint256 public nonce;
    /// The hash of the SafeTx being executed (a local variable would not fit the unoptimised stack).
    bytes32 internal lastTxHash;

    event ExecutionSuccess(bytes32 txHash, uint256 payment);
    event ExecutionFailure(bytes32 txHash, uint256 payment);

    receive() external payable {}

    function setup(address[] calldata _owners, uint256 _threshold, address, bytes calldata, address, address, uint256, address payable) external {
        require(threshold == 0, "GS200");
        require(_owners.length == 1 && _threshold == 1, "only one owner, threshold 1 is modelled");
        owners = _owners;
        threshold = _threshold;
    }

    function getOwners() external view returns (address[] memory) {
        return owners;
    }

    function getThreshold() external view returns (uint256) {
        return threshold;
    }

    function isOwner(address owner) public view returns (bool) {
        for (uint256 i = 0; i < owners.length; i++) if (owners[i] == owner) return true;
        return false;
    }

    function domainSeparator() public view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_SEPARATOR_TYPEHASH, block.chainid, address(this)));
    }

    function getTransactionHash(
        address to,
        uint256 value,
        bytes memory data,
        uint8 operation,
        uint256 safeTxGas,
        uint256 baseGas,
        uint256 gasPrice,
        address gasToken,
        address refundReceiver,
        uint256 _nonce
    ) public view returns (bytes32) {
        bytes32 safeTxHash = keccak256(abi.encode(SAFE_TX_TYPEHASH, to, value, keccak256(data), operation, safeTxGas, baseGas, gasPrice, gasToken, refundReceiver, _nonce));
        return keccak256(abi.encodePacked(bytes1(0x19), bytes1(0x01), domainSeparator(), safeTxHash));
    }

    function execTransaction(
        address to,
        uint256 value,
        bytes calldata data,
        uint8 operation,
        uint256 safeTxGas,
        uint256 baseGas,
        uint256 gasPrice,
        address gasToken,
        address payable refundReceiver,
        bytes memory signatures
    ) external payable returns (bool success) {
        require(operation == 0, "only CALL is modelled");
        require(gasPrice == 0 && baseGas == 0, "gas refunds are not modelled");
        lastTxHash = getTransactionHash(to, value, data, operation, safeTxGas, baseGas, gasPrice, gasToken, refundReceiver, nonce);
        nonce++;
        _checkSignature(lastTxHash, signatures);
        (success, ) = to.call{value: value}(data);
        require(success || safeTxGas != 0, "GS013");
        if (success) emit ExecutionSuccess(lastTxHash, 0);
        else emit ExecutionFailure(lastTxHash, 0);
    }

    function _checkSignature(bytes32 dataHash, bytes memory signature) internal view {
        require(threshold > 0, "GS001");
        require(signature.length >= 65, "GS020");
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly {
            r := mload(add(signature, 32))
            s := mload(add(signature, 64))
            v := byte(0, mload(add(signature, 96)))
        }
        address signer;
        if (v > 30) signer = ecrecover(keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", dataHash)), v - 4, r, s);
        else if (v == 27 || v == 28) signer = ecrecover(dataHash, v, r, s);
        else revert("only ECDSA and eth_sign signatures are modelled");
        require(signer != address(0) && isOwner(signer), "GS026");
    }

    function onERC1155Received(address, address, uint256, uint256, bytes calldata) external pure returns (bytes4) {
        return this.onERC1155Received.selector;
    }

    function onERC1155BatchReceived(address, address, uint256[] calldata, uint256[] calldata, bytes calldata) external pure returns (bytes4) {
        return this.onERC1155BatchReceived.selector;
    }
}

contract SafeProxyFactory {
    struct Sig {
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    bytes32 public constant DOMAIN_TYPEHASH = keccak256("EIP712Domain(string name,uint256 chainId,address verifyingContract)");
    bytes32 public constant CREATE_PROXY_TYPEHASH = keccak256("CreateProxy(address paymentToken,uint256 payment,address paymentReceiver)");
    string public constant NAME = "Polymarket Contract Proxy Factory";

    event ProxyCreation(GnosisSafe proxy, address owner);

    /// Computed per call: installed with `anvil_setCode`, the factory runs no constructor.
    function domainSeparator() public view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256(bytes(NAME)), block.chainid, address(this)));
    }

    function getSalt(address user) public pure returns (bytes32) {
        return keccak256(abi.encode(user));
    }

    function computeProxyAddress(address user) external view returns (address) {
        bytes32 codeHash = keccak256(type(GnosisSafe).creationCode);
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), getSalt(user), codeHash)))));
    }

    function createProxy(address paymentToken, uint256 payment, address payable paymentReceiver, Sig calldata createSig) external {
        bytes32 structHash = keccak256(abi.encode(CREATE_PROXY_TYPEHASH, paymentToken, payment, paymentReceiver));
        address owner = ecrecover(keccak256(abi.encodePacked("\x19\x01", domainSeparator(), structHash)), createSig.v, createSig.r, createSig.s);
        require(owner != address(0), "bad signature");
        GnosisSafe proxy = new GnosisSafe{salt: getSalt(owner)}();
        address[] memory list = new address[](1);
        list[0] = owner;
        proxy.setup(list, 1, address(0), "", address(0), paymentToken, payment, paymentReceiver);
        emit ProxyCreation(proxy, owner);
    }
}
