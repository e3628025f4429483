// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

interface IRampToken {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
    function mint(address to, uint256 amount) external;
    function burn(address from, uint256 amount) external;
}

/// pUSD's on/off ramp (Polymarket's CollateralOnramp / CollateralOfframp, in one contract): `wrap` takes USDC.e
/// (approve the ramp first) and mints the same amount of pUSD to `to`; `unwrap` burns the caller's pUSD and pays
/// USDC.e. pUSD is therefore always backed 1:1 by the USDC.e this contract holds.
contract CollateralRamp {
    address public pusd;
    address public usdce;

    event Wrapped(address indexed from, address indexed to, uint256 amount);
    event Unwrapped(address indexed from, address indexed to, uint256 amount);

    function initialize(address pusd_, address usdce_) external {
        require(pusd == address(0), "initialized");
        pusd = pusd_;
        usdce = usdce_;
    }

    function wrap(address asset, address to, uint256 amount) external {
        require(asset == usdce, "unsupported asset");
        require(IRampToken(usdce).transferFrom(msg.sender, address(this), amount), "transfer");
        IRampToken(pusd).mint(to, amount);
        emit Wrapped(msg.sender, to, amount);
    }

    function unwrap(address asset, address to, uint256 amount) external {
        require(asset == usdce, "unsupported asset");
        IRampToken(pusd).burn(msg.sender, amount);
        require(IRampToken(usdce).transfer(to, amount), "transfer");
        emit Unwrapped(msg.sender, to, amount);
    }
}
