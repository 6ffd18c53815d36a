// RUN: spnc-opt %s -split-input-file -verify-diagnostics --allow-unregistered-dialect
// Every verifier error of the s2 dialect, one case each (the table-size
// check needs a small router: router-limit.mlir).

// expected-error @+1 {{unknown s2 attribute 's2.placement'}}
func.func @g() attributes {s2.placement = 1} {
  return
}

// -----

// expected-error @+1 {{'s2.steps_in_flight' must be an integer from 1 to 64 on an s2.machine}}
func.func @g() attributes {s2.steps_in_flight = 1 : i32} {
  return
}

// -----

func.func @step() {
  return
}
// expected-error @+1 {{'s2.steps_in_flight' must be an integer from 1 to 64 on an s2.machine}}
s2.machine @machine step @step system "chip" dvfs "PL4" attributes {s2.steps_in_flight = 0 : i32} {
}

// -----

// expected-error @+1 {{'s2.population' must be a symbol reference to an s2.population}}
func.func @g() attributes {s2.population = "p"} {
  return
}

// -----

func.func private @f()
// expected-error @+1 {{'s2.population' names @m::@nope, which is not an s2.population}}
func.func @g() attributes {s2.population = @m::@nope} {
  return
}
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 1 rate 1.0 op "event.rnn_step"
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  // expected-error @+1 {{has 0 units; expected at least 1}}
  s2.population @p cell units 0 rate 1.0 op "event.rnn_step"
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  // expected-error @+1 {{rate 1.5 is not an expected number of events per unit and step (0 to 1)}}
  s2.population @p cell units 1 rate 1.5 op "event.rnn_step"
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 1 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{fan-out -1 is not a number >= 0}}
  s2.projection @p -> @p port "h" fan_out -1.0 packets 1.0 delay 1
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 1 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{expects -2 packets per step; expected a number >= 0}}
  s2.projection @p -> @p port "h" fan_out 1.0 packets -2.0 delay 1
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 1 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{delay 2 is neither 0 (same step) nor 1 (next step)}}
  s2.projection @p -> @p port "h" fan_out 1.0 packets 1.0 delay 2
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 1 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{output 'h' cannot pair with a state; only inputs do}}
  s2.io output "h" [@p] state "h_prev"
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{unit range [2, 2) is empty or negative}}
  s2.slice @p units [2, 2) memory <weights = 0, state = 0, buffers = 0, code = 0>
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{needs both 'chip' and 'pe' once placed}}
  "s2.slice"() <{population = @p, begin = 0 : i64, end = 4 : i64, memory = #s2.memory<weights = 0, state = 0, buffers = 0, code = 0>, chip = 0 : i32}> : () -> ()
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{PE '2.1' is not of the form qx.qy.qp}}
  s2.slice @p units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> chip 0 pe "2.1"
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{needs 'source', 'key' and 'mask' together}}
  "s2.slice"() <{population = @p, begin = 0 : i64, end = 4 : i64, memory = #s2.memory<weights = 0, state = 0, buffers = 0, code = 0>, key = 0 : i32}> : () -> ()
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{key 0x00000009 has bits outside its mask 0xfffffff8}}
  s2.slice @p units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> source 0 key 9 mask 0xfffffff8
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{mask 0xfffff0f8 is not a block mask (ones, then zeros)}}
  s2.slice @p units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> source 0 key 0 mask 0xfffff0f8
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{key block of 4 keys cannot hold 4 units and the end-of-step key}}
  s2.slice @p units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> source 0 key 0 mask 0xfffffffc
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{key block 0xfff80000/0xfff80000 reaches the control range (keys >= 0xfff80000)}}
  s2.slice @p units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> source 0 key 0xfff80000 mask 0xfff80000
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{32-bit value}}
  s2.slice @p units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> source 0 key 0x100000000 mask 0xfff80000
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.routing_table chip 0 {
    // expected-error @+1 {{is not allowed in a routing table}}
    "test.op"() : () -> ()
  }
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  // expected-error @+1 {{had -1 entries before compression}}
  s2.routing_table chip 0 compressed from -1 entries {
  }
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.routing_table chip 0 {
    // expected-error @+1 {{key 0x00000010 has bits outside its mask 0xffffff00}}
    s2.route key 0x10 mask 0xffffff00 from ["local"] to pes ["2.1.0"] links []
  }
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.routing_table chip 0 {
    // expected-error @+1 {{says nothing about where its packets arrive from}}
    s2.route key 0 mask 0xffffff00 from [] to pes ["2.1.0"] links []
  }
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.routing_table chip 0 {
    // expected-error @+1 {{arrival 'north' is neither 'local' nor a link (E, NE, N, W, SW, S)}}
    s2.route key 0 mask 0xffffff00 from ["north"] to pes ["2.1.0"] links []
  }
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.routing_table chip 0 {
    // expected-error @+1 {{lists arrival 'local' twice}}
    s2.route key 0 mask 0xffffff00 from ["local", "local"] to pes ["2.1.0"] links []
  }
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.routing_table chip 0 {
    // expected-error @+1 {{PE '2-1-0' is not of the form qx.qy.qp}}
    s2.route key 0 mask 0xffffff00 from ["local"] to pes ["2-1-0"] links []
  }
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.routing_table chip 0 {
    // expected-error @+1 {{lists PE 2.1.0 twice}}
    s2.route key 0 mask 0xffffff00 from ["local"] to pes ["2.1.0", "2.1.0"] links []
  }
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.routing_table chip 0 {
    // expected-error @+1 {{link 'X' is not a chip link (E, NE, N, W, SW, S)}}
    s2.route key 0 mask 0xffffff00 from ["local"] to pes [] links ["X"]
  }
}

// -----

func.func private @f()
s2.machine @m step @f system "board48" dvfs "PL4" {
  s2.routing_table chip 0 {
    // expected-error @+1 {{lists link N twice}}
    s2.route key 0 mask 0xffffff00 from ["local"] to pes [] links ["N", "N"]
  }
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.routing_table chip 0 {
    // expected-error @+1 {{sends its packets nowhere (no PEs, no links)}}
    s2.route key 0 mask 0xffffff00 from ["local"] to pes [] links []
  }
}

// -----

func.func private @f()
// expected-error @+1 {{step function @g is not a func.func of the module}}
s2.machine @m step @g system "chip" dvfs "PL4" {
}

// -----

func.func private @f()
// expected-error @+1 {{system 'wafer' is not in the target description}}
s2.machine @m step @f system "wafer" dvfs "PL4" {
}

// -----

func.func private @f()
// expected-error @+1 {{DVFS level 'PL9' is not a level of the chip (PL1, PL2, PL3, PL4)}}
s2.machine @m step @f system "chip" dvfs "PL9" {
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  // expected-error @+1 {{is not allowed in an s2.machine}}
  "test.op"() : () -> ()
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 1 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{source @q is not a population of this machine}}
  s2.projection @q -> @p port "h" fan_out 1.0 packets 1.0 delay 1
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 1 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{target @q is not a population of this machine}}
  s2.projection @p -> @q port "h" fan_out 1.0 packets 1.0 delay 1
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 1 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{population @q is not a population of this machine}}
  s2.io input "x" [@p, @q]
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 1 rate 1.0 op "event.rnn_step"
  s2.io input "x" [@p]
  s2.io output "x" [@p]
  // expected-error @+1 {{input 'x' is listed twice}}
  s2.io input "x" []
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{population @q is not a population of this machine}}
  s2.slice @q units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0>
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{has no slices but other populations do}}
  s2.population @q cell units 4 rate 1.0 op "event.rnn_step"
  s2.slice @p units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0>
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  // expected-error @+1 {{units [0, 2) are in no slice}}
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  s2.slice @p units [2, 4) memory <weights = 0, state = 0, buffers = 0, code = 0>
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  // expected-error @+1 {{units [2, 3) are in no slice}}
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  s2.slice @p units [3, 4) memory <weights = 0, state = 0, buffers = 0, code = 0>
  s2.slice @p units [0, 2) memory <weights = 0, state = 0, buffers = 0, code = 0>
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  s2.slice @p units [0, 3) memory <weights = 0, state = 0, buffers = 0, code = 0>
  // expected-error @+1 {{units [2, 3) of @p are also in another slice}}
  s2.slice @p units [2, 4) memory <weights = 0, state = 0, buffers = 0, code = 0>
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{unit range [0, 5) exceeds the 4 units of @p}}
  s2.slice @p units [0, 5) memory <weights = 0, state = 0, buffers = 0, code = 0>
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  // expected-error @+1 {{units [3, 4) are in no slice}}
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  s2.slice @p units [0, 3) memory <weights = 0, state = 0, buffers = 0, code = 0>
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  s2.slice @p units [0, 2) memory <weights = 0, state = 0, buffers = 0, code = 0> source 1 key 0x10 mask 0xfffffff8
  // expected-error @+1 {{key 0x00000000 is not above the key 0x00000010 of units [0, 2): keys must increase with the units of a population}}
  s2.slice @p units [2, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> source 0 key 0 mask 0xfffffff8
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  s2.slice @p units [0, 2) memory <weights = 0, state = 0, buffers = 0, code = 0> chip 0 pe "2.1.0"
  // expected-error @+1 {{is not placed but other slices are}}
  s2.slice @p units [2, 4) memory <weights = 0, state = 0, buffers = 0, code = 0>
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{chip 1 is not a chip of system 'chip' (1 chips)}}
  s2.slice @p units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> chip 1 pe "2.1.0"
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{PE 4.3.0 does not exist on a SpiNNaker 2 chip}}
  s2.slice @p units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> chip 0 pe "4.3.0"
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{PE 2.1.4 does not exist on a SpiNNaker 2 chip}}
  s2.slice @p units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> chip 0 pe "2.1.4"
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  // expected-error @+1 {{PE 1.1.2 is reserved for system software (target description)}}
  s2.slice @p units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> chip 0 pe "1.1.2"
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  // expected-note @+1 {{the other slice}}
  s2.slice @p units [0, 2) memory <weights = 0, state = 0, buffers = 0, code = 0> chip 0 pe "2.1.0"
  // expected-error @+1 {{PE 2.1.0 of chip 0 already runs another slice}}
  s2.slice @p units [2, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> chip 0 pe "2.1.0"
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  s2.slice @p units [0, 2) memory <weights = 0, state = 0, buffers = 0, code = 0> source 0 key 0 mask 0xfffffff8
  // expected-error @+1 {{has no keys but other slices do}}
  s2.slice @p units [2, 4) memory <weights = 0, state = 0, buffers = 0, code = 0>
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  s2.population @q cell units 4 rate 1.0 op "event.rnn_step"
  s2.slice @p units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> source 0 key 0 mask 0xfffffff0
  // expected-error @+1 {{key block 0x00000008/0xfffffff8 overlaps the block 0x00000000/0xfffffff0 of another slice}}
  s2.slice @q units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> source 1 key 8 mask 0xfffffff8
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 4 rate 1.0 op "event.rnn_step"
  s2.population @q cell units 4 rate 1.0 op "event.rnn_step"
  s2.slice @p units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> source 0 key 0 mask 0xfffffff8
  // expected-error @+1 {{source id 0 is already used by another slice}}
  s2.slice @q units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> source 0 key 8 mask 0xfffffff8
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  // expected-error @+1 {{chip 3 is not a chip of system 'chip' (1 chips)}}
  s2.routing_table chip 3 {
  }
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.routing_table chip 0 {
  }
  // expected-error @+1 {{chip 0 already has a routing table}}
  s2.routing_table chip 0 {
  }
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.routing_table chip 0 {
    // expected-error @+1 {{PE 4.4.1 does not exist on a SpiNNaker 2 chip}}
    s2.route key 0 mask 0xffffff00 from ["local"] to pes ["2.1.0", "4.4.1"] links []
  }
}

// -----

func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.routing_table chip 0 {
    // expected-error @+1 {{link E of chip 0 leads out of system 'chip'}}
    s2.route key 0 mask 0xffffff00 from ["local"] to pes [] links ["E"]
  }
}

// -----

func.func private @f()
s2.machine @m step @f system "board48" dvfs "PL4" {
  s2.routing_table chip 0 {
    // expected-error @+1 {{packets cannot arrive through link SW of chip 0: it leads out of system 'board48'}}
    s2.route key 0 mask 0xffffff00 from ["SW"] to pes ["2.1.0"] links []
  }
}
