// RUN: spnc-opt %s -split-input-file --s2-build-populations --s2-partition --s2-place=moves-per-slice=0 --s2-allocate-keys --s2-route --s2-compress-tables --s2-write-report -o /dev/null | FileCheck %s
// RUN: spnc-opt %s -split-input-file --s2-build-populations --s2-partition --s2-place=moves-per-slice=0 --s2-write-report -o /dev/null | FileCheck %s --check-prefix=UNROUTED
// RUN: not spnc-opt %s -split-input-file --s2-build-populations --s2-partition --s2-write-report -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNPLACED

// Five slices of a dense 128-unit EGRU on QPEs (2,1) and (3,1) and one of a
// pruned layer: every packet needs one mesh hop to reach the other QPE, the
// lower bound. Routing: 6 entries, 3 after compression.
// CHECK: "pes": {
// CHECK-NEXT: "available": 148,
// CHECK-NEXT: "chips_used": 1,
// CHECK-NEXT: "lower_bound": 5,
// CHECK-NEXT: "used": 6
// CHECK: "placement": {
// CHECK-NEXT: "lower_bound": 19.2,
// CHECK-NEXT: "naive": 19.2,
// CHECK: "placed": 19.2
// CHECK: "event_capacity": 87,
// CHECK: "name": "egru_0",
// CHECK-NEXT: "nonzero_weights": 98304,
// CHECK: "slices": 5,
// CHECK: "name": "egru_1",
// CHECK-NEXT: "nonzero_weights": 3,
// CHECK: "routing": {
// CHECK-NEXT: "after": 3,
// CHECK-NEXT: "before": 6,
// CHECK-NEXT: "compressed": true,
// CHECK-NEXT: "entry_limit": 16384,
// CHECK-NEXT: "largest": 3,
// CHECK-NEXT: "tables": [
// CHECK-NEXT: {
// CHECK-NEXT: "after": 3,
// CHECK-NEXT: "before": 6,
// CHECK-NEXT: "chip": 0
// CHECK: "sram": {
// CHECK-NEXT: "code_limit": 32768,
// CHECK-NEXT: "data_limit": 98304,
// CHECK-NEXT: "max_code": 12288,
// CHECK-NEXT: "max_data": 89366,
// CHECK: "per_pe": [
// CHECK-NEXT: {
// CHECK-NEXT: "buffers": 7830,
// CHECK-NEXT: "chip": 0,
// CHECK-NEXT: "code": 12288,
// CHECK-NEXT: "data": 89366,
// CHECK-NEXT: "pe": "2.1.0",
// CHECK-NEXT: "population": "egru_0",
// CHECK-NEXT: "state": 936,
// CHECK-NEXT: "units": [0, 26],
// CHECK-NEXT: "weights": 80600
// CHECK: "steps_in_flight": 1,
// CHECK: "traffic": {
// CHECK-NEXT: "deliveries_per_step": 134.4,
// CHECK-NEXT: "packet_hops_per_step": {
// CHECK-NEXT: "lower_bound": 19.2,
// CHECK-NEXT: "naive": 19.2,
// CHECK-NEXT: "placed": 19.2
// CHECK-NEXT: },
// CHECK-NEXT: "packets_per_step": 38.4,
// CHECK-NEXT: "tree_edges": {
// CHECK-NEXT: "lower_bound": 5,
// CHECK-NEXT: "naive": 5,
// CHECK-NEXT: "placed": 5

// Before routing the report has no routing section.
// UNROUTED-NOT: "routing"
// UNROUTED: "sram"
// UNPLACED: error: the mapping report needs a placed machine (s2-place)

func.func @step(%x: tensor<1x128xf32> {onnx.name = "x"},
                %y0: tensor<1x128xf32> {onnx.name = "y_prev_0"},
                %c0: tensor<1x128xf32> {onnx.name = "c_prev_0"},
                %y1: tensor<1x128xf32> {onnx.name = "y_prev_1"},
                %c1: tensor<1x128xf32> {onnx.name = "c_prev_1"})
    -> (tensor<1x128xf32> {onnx.name = "y_0"}, tensor<1x128xf32> {onnx.name = "c_0"},
        tensor<1x128xf32> {onnx.name = "y_1"}, tensor<1x128xf32> {onnx.name = "c_1"}) {
  %W = arith.constant dense<0.5> : tensor<384x128xf32>
  %W1 = arith.constant sparse<[[0, 0], [5, 3]], [1.0, -2.0]> : tensor<384x128xf32>
  %R1 = arith.constant sparse<[[130, 7]], [1.0]> : tensor<384x128xf32>
  %b = arith.constant dense<0.0> : tensor<384xf32>
  %theta = arith.constant dense<0.5> : tensor<128xf32>
  %e0 = event.from_dense %y0 : tensor<1x128xf32> -> !event.events<1x128xf32>
  %ya, %ca = event.egru_step %x, %e0, %c0 weights(%W, %W) bias(%b, %b) threshold(%theta) : tensor<1x128xf32>, !event.events<1x128xf32>, tensor<1x128xf32>, tensor<384x128xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>, tensor<128xf32>
  %e1 = event.from_dense %y1 : tensor<1x128xf32> -> !event.events<1x128xf32>
  %yb, %cb = event.egru_step %ya, %e1, %c1 weights(%W1, %R1) bias(%b, %b) threshold(%theta) : !event.events<1x128xf32>, !event.events<1x128xf32>, tensor<1x128xf32>, tensor<384x128xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>, tensor<128xf32>
  %da = event.to_dense %ya : !event.events<1x128xf32>
  %db = event.to_dense %yb : !event.events<1x128xf32>
  return %da, %ca, %db, %cb : tensor<1x128xf32>, tensor<1x128xf32>, tensor<1x128xf32>, tensor<1x128xf32>
}
